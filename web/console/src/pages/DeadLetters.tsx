/**
 * 死信: the messages each queue gave up on, for supervisors and administrators (issue 12): how many
 * wait and what the first of each queue refer to (cases, submissions); an administrator moves a
 * queue's dead letters back once the cause is fixed (重新投递), after confirming.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, message, Space, Table, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { Link } from 'react-router';
import type { DeadLetterListing } from '../../../../application/operations/dead-letters';
import type { RedriveResult } from '../../../../application/ports';
import { api, describeError } from '../api/client';
import { useSession } from '../components/RequireSession';
import { formatBeijing } from '../time';

type QueueListing = DeadLetterListing['queues'][number];
type Letter = QueueListing['letters'][number];

const deadLettersKey = ['dead-letters'] as const;

/** The confirmation loads when an administrator first asks for a redrive. */
const RedriveDialog = lazy(() => import('../components/RedriveDialog'));

export default function DeadLetters() {
  const session = useSession()!;
  const queryClient = useQueryClient();
  const [notice, noticeHolder] = message.useMessage();
  const [confirming, setConfirming] = useState<QueueListing | undefined>(undefined);
  const mayRedrive = session.role === 'admin';
  const listing = useQuery({
    queryKey: deadLettersKey,
    queryFn: () => api<DeadLetterListing>('/staff/dead-letters'),
  });
  const redrive = useMutation({
    mutationFn: (queue: string) =>
      api<{ queue: string } & RedriveResult>(`/staff/dead-letters/${encodeURIComponent(queue)}/redrive`, {
        method: 'POST',
        body: {},
      }),
    onSuccess: (result) => {
      const text = `${result.queue}：已重新投递 ${result.moved} 条，失败 ${result.failed} 条`;
      if (result.failed > 0) notice.warning(text);
      else notice.success(text);
    },
    onError: (e) => notice.error(describeError(e)),
    onSettled: () => {
      setConfirming(undefined);
      return queryClient.invalidateQueries({ queryKey: deadLettersKey });
    },
  });

  return (
    <section aria-labelledby="dead-letters-title">
      {noticeHolder}
      {confirming && (
        <Suspense fallback={null}>
          <RedriveDialog
            queue={confirming.queue}
            waiting={confirming.waiting}
            busy={redrive.isPending}
            onConfirm={() => redrive.mutate(confirming.queue)}
            onCancel={() => setConfirming(undefined)}
          />
        </Suspense>
      )}
      <Typography.Title level={2} id="dead-letters-title" style={{ fontSize: 20 }}>
        死信
      </Typography.Title>
      {listing.isError && <Alert type="error" title={describeError(listing.error)} />}
      {listing.data && (
        <Typography.Paragraph>
          共 {listing.data.total} 条死信{listing.data.total === 0 ? '，各队列均正常' : ''}
        </Typography.Paragraph>
      )}
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        {(listing.data?.queues ?? []).map((q) => (
          // A plain section, not a Card: the page's first load stays within its budget.
          <section key={q.queue} aria-labelledby={`queue-${q.queue}`} className="dead-letter-queue">
            <Space wrap style={{ display: 'flex', marginBottom: 8 }}>
              <Typography.Title level={3} id={`queue-${q.queue}`} style={{ fontSize: 16, margin: 0 }}>
                队列 {q.queue}
              </Typography.Title>
              <span>
                待处理 {q.waiting}｜处理中 {q.inFlight}
              </span>
              {mayRedrive && (
                <Button
                  size="small"
                  disabled={q.waiting === 0}
                  loading={redrive.isPending && redrive.variables === q.queue}
                  aria-label={`重新投递 ${q.queue}`}
                  onClick={() => setConfirming(q)}
                >
                  重新投递
                </Button>
              )}
            </Space>
            {q.letters.length > 0 ? (
              <Table<Letter>
                rowKey="messageId"
                size="small"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={[...q.letters]}
                columns={[
                  { title: '类型', dataIndex: 'kind', key: 'kind' },
                  {
                    title: '信访件',
                    key: 'case',
                    render: (_, l) =>
                      l.trackingNumber ? (
                        <Link to={`/cases/${l.trackingNumber}`}>{l.trackingNumber}</Link>
                      ) : (
                        (l.caseId ?? '—')
                      ),
                  },
                  { title: '提交编号', key: 'submission', render: (_, l) => l.submissionId ?? '—' },
                  { title: '渠道', key: 'channel', render: (_, l) => l.channel ?? '—' },
                  { title: '接收次数', dataIndex: 'receiveCount', key: 'receiveCount', align: 'right' },
                  { title: '发送时间', key: 'sentAt', render: (_, l) => formatBeijing(l.sentAt) },
                ]}
              />
            ) : (
              <Typography.Text type="secondary">无死信</Typography.Text>
            )}
          </section>
        ))}
      </Space>
    </section>
  );
}
