/** The frame of every page after sign-in: the menu, who is signed in, the notification badge. */
import { useQuery } from '@tanstack/react-query';
import { Badge, Button, Layout, Menu, Space, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { api } from '../api/client';
import { useDirectoryIndex } from '../api/queries';
import { clearSession } from '../auth/session';
import { lastSeenNotification, type NotificationPage } from '../pages/notification-feed';
import { PageSpinner } from './PageSpinner';
import { useSession } from './RequireSession';

export default function AppLayout() {
  const session = useSession()!;
  const location = useLocation();
  const { units, directory } = useDirectoryIndex();
  const unit = units.get(session.unitId);
  const roleName = directory?.roles.find((r) => r.id === session.role)?.name ?? session.role;
  const feed = useQuery({
    queryKey: ['notifications', session.unitId],
    queryFn: () => api<NotificationPage>('/staff/notifications', { query: { limit: 50 } }),
    refetchInterval: 60_000,
  });
  const seen = lastSeenNotification(session.unitId);
  const unread = (feed.data?.items ?? []).filter((n) => n.at > seen).length;
  const isBureau = unit?.kind === 'bureau';
  const items = [
    { key: '/', label: <Link to="/">工作台</Link> },
    ...(isBureau ? [{ key: '/register', label: <Link to="/register">登记</Link> }] : []),
    ...(isBureau ? [{ key: '/triage', label: <Link to="/triage">分流</Link> }] : []),
    { key: '/search', label: <Link to="/search">查询</Link> },
    { key: '/ledgers', label: <Link to="/ledgers">台账</Link> },
    // Only petition bureaus may read hot issues (the API refuses other units).
    ...(isBureau ? [{ key: '/hotspots', label: <Link to="/hotspots">热点分析</Link> }] : []),
    {
      key: '/notifications',
      label: (
        <Link to="/notifications" aria-label={unread > 0 ? `通知，${unread}条未读` : '通知'}>
          <Badge
            count={unread}
            size="small"
            offset={[10, -2]}
            style={{ boxShadow: 'none' }}
            rootClassName="menu-badge"
          >
            <span>通知</span>
          </Badge>
        </Link>
      ),
    },
    { key: '/assessment', label: <Link to="/assessment">考核</Link> },
    { key: '/reply-templates', label: <Link to="/reply-templates">答复模板</Link> },
    // Supervisors and administrators see dead letters (the API refuses other roles).
    ...(session.role === 'supervisor' || session.role === 'admin'
      ? [{ key: '/dead-letters', label: <Link to="/dead-letters">死信</Link> }]
      : []),
  ];
  const selected = items.map((i) => i.key).filter((k) => k !== '/' && location.pathname.startsWith(k));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#8c1515' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          信访工作台
        </Typography.Text>
        <nav aria-label="主菜单" style={{ flex: 1, minWidth: 0 }}>
          <Menu
            mode="horizontal"
            theme="dark"
            selectedKeys={selected.length > 0 ? selected : ['/']}
            items={items}
            style={{ background: 'transparent' }}
          />
        </nav>
        <Space style={{ color: '#fff', whiteSpace: 'nowrap' }}>
          <span>
            {unit?.name ?? session.unitName}｜{roleName}
          </span>
          <Button
            size="small"
            ghost
            onClick={() => {
              // A full page load: nothing the previous user read stays in this tab's query cache.
              clearSession();
              window.location.assign(`${import.meta.env.BASE_URL}sign-in`);
            }}
          >
            退出
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <main>
          <Suspense fallback={<PageSpinner />}>
            <Outlet />
          </Suspense>
        </main>
      </Layout.Content>
    </Layout>
  );
}
