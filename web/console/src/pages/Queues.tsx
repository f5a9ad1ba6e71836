/** 工作台: the work queues of the signed-in unit, with saved filters and cursor paging. */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Select, Space, Tabs, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, describeError } from '../api/client';
import { useDirectoryIndex } from '../api/queries';
import type { InboxPage } from '../api/types';
import { CaseQueue } from '../components/CaseQueue';
import { useSession } from '../components/RequireSession';
import {
  byNearestDeadline,
  queueDefinitions,
  type SavedFilter,
  savedFilters,
  saveFilters,
} from './queue-definitions';

export default function Queues() {
  const session = useSession()!;
  const [params, setParams] = useSearchParams();
  const { units, calendar, now, directory } = useDirectoryIndex();
  const isBureau = units.get(session.unitId)?.kind === 'bureau';
  const queues = queueDefinitions.filter((q) => isBureau || !q.bureauOnly);
  const queue = queues.find((q) => q.key === params.get('queue')) ?? queues[0]!;
  const category = params.get('category') ?? undefined;
  const [cursors, setCursors] = useState<string[]>([]);
  const [saved, setSaved] = useState<SavedFilter[]>(savedFilters);
  const [filterName, setFilterName] = useState('');
  const cursor = cursors.at(-1);
  const nowMs = now();
  const query = queue.query(calendar, nowMs);
  const page = useQuery({
    queryKey: ['inbox', session.unitId, queue.key, category, cursor],
    queryFn: () => api<InboxPage>('/staff/cases', { query: { ...query, category, cursor, limit: 20 } }),
    enabled: directory !== undefined,
  });
  const items = useMemo(
    () =>
      [...(page.data?.items ?? [])]
        .filter((item) => queue.keep?.(item, calendar, nowMs) ?? true)
        .sort(byNearestDeadline),
    [page.data, queue, calendar, nowMs],
  );

  const select = (key: string, nextCategory = category) => {
    setCursors([]);
    const next = new URLSearchParams({ queue: key });
    if (nextCategory) next.set('category', nextCategory);
    setParams(next);
  };

  return (
    <section aria-labelledby="queues-title">
      <Typography.Title level={2} id="queues-title" style={{ fontSize: 20 }}>
        工作台
      </Typography.Title>
      <Tabs
        activeKey={queue.key}
        onChange={(key) => select(key)}
        items={queues.map((q) => ({ key: q.key, label: q.label }))}
      />
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          aria-label="按类别筛选"
          allowClear
          placeholder="全部类别"
          style={{ width: 200 }}
          value={category}
          onChange={(value?: string) => select(queue.key, value)}
          options={directory?.categories.map((c) => ({ value: c.id, label: c.name }))}
        />
        <Input
          aria-label="筛选名称"
          placeholder="为当前筛选命名"
          value={filterName}
          onChange={(e) => setFilterName(e.target.value)}
          style={{ width: 180 }}
        />
        <Button
          disabled={!filterName.trim()}
          onClick={() => {
            const next = [
              ...saved.filter((f) => f.name !== filterName.trim()),
              { name: filterName.trim(), queue: queue.key, ...(category ? { category } : {}) },
            ];
            saveFilters(next);
            setSaved(next);
            setFilterName('');
          }}
        >
          保存筛选
        </Button>
        {saved.map((f) => (
          <Space.Compact key={f.name}>
            <Button size="small" onClick={() => select(f.queue, f.category)}>
              {f.name}
            </Button>
            <Button
              size="small"
              aria-label={`删除筛选 ${f.name}`}
              onClick={() => {
                const next = saved.filter((x) => x.name !== f.name);
                saveFilters(next);
                setSaved(next);
              }}
            >
              ×
            </Button>
          </Space.Compact>
        ))}
      </Space>
      {page.isError && <Alert type="error" title={describeError(page.error)} style={{ marginBottom: 16 }} />}
      <CaseQueue
        items={items}
        loading={page.isPending}
        caption={`${queue.label}：按最近期限排序，↑↓ 移动，回车打开`}
      />
      <Space style={{ marginTop: 16 }}>
        <Button disabled={cursors.length === 0} onClick={() => setCursors(cursors.slice(0, -1))}>
          上一页
        </Button>
        <Button
          disabled={!page.data?.cursor}
          onClick={() => page.data?.cursor && setCursors([...cursors, page.data.cursor])}
        >
          下一页
        </Button>
      </Space>
    </section>
  );
}
