/**
 * 台账: the supervision ledger (督办台账) and the accountability ledger (责任追究台账) of the cases in
 * the unit's inboxes (a bureau's: its whole region), each record with its deadline and that
 * deadline's state, open records first with the nearest deadline first. A row opens its case.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link, useSearchParams } from 'react-router';
import { api, describeError } from '../api/client';
import { useDirectoryIndex } from '../api/queries';
import { Countdown } from '../components/Countdown';
import {
  accountabilityStepLabels,
  accountabilityTriggerLabels,
  supervisionCauseLabels,
  supervisionModeLabels,
} from '../labels';
import { formatBeijing } from '../time';

interface LedgerRow {
  readonly caseId: string;
  readonly trackingNumber: string;
  readonly title: string;
  readonly id: string;
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly dueAt?: string;
  readonly deadlineStatus?: string;
  readonly overdue?: boolean;
  // supervision
  readonly mode?: string;
  readonly cause?: string;
  readonly supervisingUnitId?: string;
  readonly targetUnitId?: string;
  readonly followUps?: number;
  // accountability
  readonly trigger?: string;
  readonly responsibleUnitId?: string;
  readonly steps?: number;
  readonly lastStep?: string;
}

const kinds = [
  { key: 'supervision', label: '督办台账' },
  { key: 'accountability', label: '责任追究台账' },
] as const;

export default function Ledgers() {
  const [params, setParams] = useSearchParams();
  const kind = params.get('kind') === 'accountability' ? 'accountability' : 'supervision';
  const { unitName } = useDirectoryIndex();
  const ledger = useQuery({
    queryKey: ['ledger', kind],
    queryFn: () => api<{ items: LedgerRow[]; complete: boolean }>(`/staff/ledgers/${kind}`),
  });
  const caseColumn: ColumnsType<LedgerRow>[number] = {
    title: '信访件',
    render: (_, row) => (
      <span>
        <Link to={`/cases/${encodeURIComponent(row.trackingNumber)}`}>{row.trackingNumber}</Link>
        <br />
        {row.title}
      </span>
    ),
  };
  const stateColumns: ColumnsType<LedgerRow> = [
    {
      title: kind === 'supervision' ? '整改期限' : '追责建议期限',
      render: (_, row) =>
        row.closedAt ? (
          <Tag color="default">已办结 {formatBeijing(row.closedAt)}</Tag>
        ) : (
          <Countdown
            dueAt={row.dueAt}
            done={row.deadlineStatus !== undefined && row.deadlineStatus !== 'open'}
          />
        ),
    },
    { title: '启动时间', render: (_, row) => formatBeijing(row.openedAt) },
  ];
  const columns: ColumnsType<LedgerRow> =
    kind === 'supervision'
      ? [
          caseColumn,
          { title: '督办编号', dataIndex: 'id' },
          { title: '方式', render: (_, row) => supervisionModeLabels[row.mode ?? ''] ?? row.mode },
          { title: '原因', render: (_, row) => supervisionCauseLabels[row.cause ?? ''] ?? row.cause },
          { title: '督办单位', render: (_, row) => unitName(row.supervisingUnitId) },
          { title: '被督办单位', render: (_, row) => unitName(row.targetUnitId) },
          { title: '跟进', render: (_, row) => `${row.followUps ?? 0} 次` },
          ...stateColumns,
        ]
      : [
          caseColumn,
          { title: '追责编号', dataIndex: 'id' },
          {
            title: '情形',
            render: (_, row) => accountabilityTriggerLabels[row.trigger ?? ''] ?? row.trigger,
          },
          { title: '责任单位', render: (_, row) => unitName(row.responsibleUnitId) },
          {
            title: '进展',
            render: (_, row) =>
              row.lastStep
                ? `${accountabilityStepLabels[row.lastStep] ?? row.lastStep}（共 ${row.steps} 个环节）`
                : '待提出追责建议',
          },
          ...stateColumns,
        ];
  return (
    <section aria-labelledby="ledgers-title">
      <Typography.Title level={2} id="ledgers-title" style={{ fontSize: 20 }}>
        台账
      </Typography.Title>
      <Tabs
        activeKey={kind}
        onChange={(key) => setParams({ kind: key })}
        items={kinds.map((k) => ({ key: k.key, label: k.label }))}
      />
      {ledger.isError && (
        <Alert type="error" title={describeError(ledger.error)} style={{ marginBottom: 16 }} />
      )}
      {ledger.data && !ledger.data.complete && (
        <Alert type="warning" title="仅列出了最近的部分信访件中的记录。" style={{ marginBottom: 16 }} />
      )}
      <Table<LedgerRow>
        rowKey={(row) => `${row.caseId}-${row.id}`}
        size="middle"
        loading={ledger.isPending}
        columns={columns}
        dataSource={ledger.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: kind === 'supervision' ? '暂无督办事项' : '暂无责任追究事项' }}
        title={() => <span>{kinds.find((k) => k.key === kind)!.label}：未办结的在前，按期限先后排列</span>}
      />
    </section>
  );
}
