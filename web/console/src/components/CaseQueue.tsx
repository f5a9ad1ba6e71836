/**
 * A queue of cases as a table: nearest deadline first with a working-day countdown, a row opens
 * its case, and the keyboard moves through the rows (↑/↓ or j/k, Enter opens). A row may open
 * below itself to show more (the triage queue's router candidates), by a button of its own.
 */
import { Button, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type KeyboardEvent, type ReactNode, useRef } from 'react';
import { useNavigate } from 'react-router';
import { useDirectoryIndex } from '../api/queries';
import type { CaseSummary } from '../api/types';
import { formatBeijing } from '../time';
import { Countdown } from './Countdown';

export interface CaseQueueProps {
  readonly items: readonly CaseSummary[];
  readonly loading?: boolean;
  readonly caption: string;
  readonly selection?: {
    readonly selected: readonly string[];
    readonly onChange: (ids: string[]) => void;
  };
  readonly extraColumns?: ColumnsType<CaseSummary>;
  /** What a row shows below itself when its button (named `label`) opens it. */
  readonly expand?: {
    readonly label: string;
    readonly render: (item: CaseSummary) => ReactNode;
  };
}

export function CaseQueue({ items, loading, caption, selection, extraColumns = [], expand }: CaseQueueProps) {
  const navigate = useNavigate();
  const { unitName, stageName } = useDirectoryIndex();
  const body = useRef<HTMLDivElement>(null);
  const open = (item: CaseSummary) => navigate(`/cases/${encodeURIComponent(item.trackingNumber)}`);

  function onKeyDown(event: KeyboardEvent<HTMLElement>, index: number) {
    const rows = body.current?.querySelectorAll<HTMLElement>('tr[data-row-index]') ?? [];
    const move = (to: number) => {
      event.preventDefault();
      rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
    };
    if (event.key === 'ArrowDown' || event.key === 'j') move(index + 1);
    else if (event.key === 'ArrowUp' || event.key === 'k') move(index - 1);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(rows.length - 1);
    else if (event.key === 'Enter' && event.target === event.currentTarget) {
      event.preventDefault();
      const item = items[index];
      if (item) open(item);
    }
  }

  const columns: ColumnsType<CaseSummary> = [
    {
      title: '信访件编号',
      dataIndex: 'trackingNumber',
      render: (value: string, item) => (
        <a
          href={`${import.meta.env.BASE_URL}cases/${value}`}
          tabIndex={-1}
          onClick={(e) => {
            e.preventDefault();
            open(item);
          }}
        >
          {value}
        </a>
      ),
    },
    { title: '标题', dataIndex: 'title', ellipsis: true },
    {
      title: '信访人',
      render: (_, item) => `${item.petitionerName}${item.maskedPhone ? ` ${item.maskedPhone}` : ''}`,
    },
    { title: '阶段', render: (_, item) => <Tag>{stageName(item.stage)}</Tag> },
    { title: '办理单位', render: (_, item) => unitName(item.currentUnitId) },
    ...extraColumns,
    {
      title: '期限（工作日）',
      render: (_, item) =>
        item.overdue && !item.nextDueAt ? (
          <Tag color="red">已超期</Tag>
        ) : (
          <Countdown dueAt={item.nextDueAt} />
        ),
    },
    { title: '登记时间', render: (_, item) => formatBeijing(item.registeredAt) },
  ];

  return (
    <div ref={body}>
      <Table<CaseSummary>
        rowKey="caseId"
        size="middle"
        loading={loading}
        columns={columns}
        dataSource={[...items]}
        pagination={false}
        title={() => <span id="queue-caption">{caption}</span>}
        locale={{ emptyText: '暂无案件' }}
        {...(selection
          ? {
              rowSelection: {
                selectedRowKeys: [...selection.selected],
                onChange: (keys) => selection.onChange(keys.map(String)),
                getCheckboxProps: (item: CaseSummary) => ({ 'aria-label': `选择 ${item.trackingNumber}` }),
              },
            }
          : {})}
        {...(expand
          ? {
              expandable: {
                expandedRowRender: expand.render,
                expandIcon: ({ expanded, onExpand, record }) => (
                  <Button
                    size="small"
                    type="link"
                    aria-expanded={expanded}
                    aria-label={`${expanded ? '收起' : expand.label}：${record.trackingNumber}`}
                    onClick={(e) => onExpand(record, e)}
                  >
                    {expanded ? '收起' : expand.label}
                  </Button>
                ),
              },
            }
          : {})}
        onRow={(item, index) => ({
          tabIndex: 0,
          'data-row-index': index,
          'aria-label': `${item.trackingNumber} ${item.title}`,
          onClick: (e) => {
            const target = e.target as HTMLElement;
            if (target.closest('.ant-table-selection-column, .ant-table-row-expand-icon-cell')) return;
            open(item);
          },
          onKeyDown: (e) => onKeyDown(e, index ?? 0),
          style: { cursor: 'pointer' },
        })}
      />
    </div>
  );
}
