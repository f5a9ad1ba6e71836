/** 通知: the unit's notification feed, newest first; opening the page marks it read. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, List, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { api, describeError } from '../api/client';
import { useSession } from '../components/RequireSession';
import { formatBeijing } from '../time';
import { lastSeenNotification, markNotificationsSeen, type NotificationPage } from './notification-feed';

export default function Notifications() {
  const session = useSession()!;
  const feed = useQuery({
    queryKey: ['notifications', session.unitId],
    queryFn: () => api<NotificationPage>('/staff/notifications', { query: { limit: 50 } }),
  });
  const seen = lastSeenNotification(session.unitId);
  const newest = feed.data?.items[0]?.at;
  useEffect(() => {
    if (newest) markNotificationsSeen(session.unitId, newest);
  }, [newest, session.unitId]);
  return (
    <section aria-labelledby="notifications-title">
      <Typography.Title level={2} id="notifications-title" style={{ fontSize: 20 }}>
        通知
      </Typography.Title>
      {feed.isError && <Alert type="error" title={describeError(feed.error)} />}
      <List
        loading={feed.isPending}
        bordered
        locale={{ emptyText: '暂无通知' }}
        dataSource={[...(feed.data?.items ?? [])]}
        renderItem={(n) => (
          <List.Item
            key={n.id}
            extra={
              'trackingNumber' in n ? (
                <Link to={`/cases/${n.trackingNumber}`}>查看 {n.trackingNumber}</Link>
              ) : undefined
            }
          >
            <List.Item.Meta
              title={
                <span>
                  {n.at > seen && <Tag color="red">新</Tag>}
                  {n.title}
                </span>
              }
              description={`${formatBeijing(n.at)} · ${n.detail}`}
            />
          </List.Item>
        )}
      />
      <Button style={{ marginTop: 16 }} onClick={() => void feed.refetch()}>
        刷新
      </Button>
    </section>
  );
}
