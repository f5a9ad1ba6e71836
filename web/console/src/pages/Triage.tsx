/**
 * 分流: the bureau's cases the router could not place or that an organ returned. Each row opens
 * to the router's candidates (categories with their organs, the model's and the rules' parts);
 * forward (转送) or assign (交办) one or many at once, or forward one to a candidate's organ.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Space, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { api, describeError } from '../api/client';
import { useDirectoryIndex } from '../api/queries';
import type { InboxPage } from '../api/types';
import { CaseQueue } from '../components/CaseQueue';
import type { DispatchResult } from '../components/DispatchDialog';
import { useSession } from '../components/RequireSession';
import { RouterCandidates } from '../components/RouterCandidates';

/** The form (and its date picker) loads when it is first opened. */
const DispatchDialog = lazy(() => import('../components/DispatchDialog'));

export default function Triage() {
  const session = useSession()!;
  const { directory, units } = useDirectoryIndex();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string[]>([]);
  /** The cases the open form sends, and the unit it starts with. */
  const [sending, setSending] = useState<{ caseIds: string[]; toUnitId?: string }>();
  const [results, setResults] = useState<DispatchResult[]>([]);
  const page = useQuery({
    queryKey: ['inbox', session.unitId, 'triage'],
    queryFn: () => api<InboxPage>('/staff/cases', { query: { stage: 'triage', limit: 100 } }),
  });
  const own = units.get(session.unitId);
  const targets = (directory?.units ?? []).filter(
    (u) => u.id !== session.unitId && (!own || u.regionCode.startsWith(own.regionCode.replace(/0+$/, ''))),
  );

  async function closed(outcome?: DispatchResult[]) {
    setSending(undefined);
    if (!outcome) return;
    setResults(outcome);
    // What was sent leaves the selection; what failed stays selected, to try again.
    setSelected((now) => now.filter((id) => !outcome.some((o) => o.id === id && !o.error)));
    await queryClient.invalidateQueries({ queryKey: ['inbox'] });
  }

  return (
    <section aria-labelledby="triage-title">
      <Typography.Title level={2} id="triage-title" style={{ fontSize: 20 }}>
        分流
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        系统未能确定有权处理机关的信访件、被退回的信访件在此等待人工分流。展开一行可查看系统的候选类别及对口机关；可勾选多件一并转送或交办。
      </Typography.Paragraph>
      {page.isError && <Alert type="error" title={describeError(page.error)} />}
      {results.length > 0 && (
        <Alert
          style={{ marginBottom: 16 }}
          type={results.some((r) => r.error) ? 'warning' : 'success'}
          title={`已处理 ${results.filter((r) => !r.error).length} 件${results.some((r) => r.error) ? `，${results.filter((r) => r.error).length} 件未成功` : ''}`}
          description={
            results
              .filter((r) => r.error)
              .map((r) => `${r.id}：${r.error}`)
              .join('；') || undefined
          }
        />
      )}
      <Space style={{ marginBottom: 16 }}>
        <Button
          type="primary"
          disabled={selected.length === 0}
          onClick={() => setSending({ caseIds: selected })}
        >
          转送/交办所选（{selected.length}）
        </Button>
      </Space>
      <CaseQueue
        items={page.data?.items ?? []}
        loading={page.isPending}
        caption="待分流"
        selection={{ selected, onChange: setSelected }}
        extraColumns={[
          {
            title: '类别',
            render: (_, item) =>
              item.categoryId
                ? (directory?.categories.find((c) => c.id === item.categoryId)?.name ?? item.categoryId)
                : '未能确定',
          },
        ]}
        expand={{
          label: '分流候选',
          render: (item) => (
            <RouterCandidates
              trackingNumber={item.trackingNumber}
              onForward={(toUnitId) => setSending({ caseIds: [item.caseId], toUnitId })}
            />
          ),
        }}
      />
      {sending && (
        <Suspense fallback={null}>
          <DispatchDialog
            caseIds={sending.caseIds}
            targets={targets}
            toUnitId={sending.toUnitId}
            onClose={(outcome) => void closed(outcome)}
          />
        </Suspense>
      )}
    </section>
  );
}
