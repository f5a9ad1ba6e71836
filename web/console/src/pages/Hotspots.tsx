/**
 * 热点分析: the hot issues (issue 16) of the bureau's region, or a region below it, in a range of
 * Beijing days, hottest first; each row opens to a chart of its cases per day (ECharts loads then)
 * and links to its cases. Only petition bureaus may read hot issues: the API's refusal is shown.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import { Link } from 'react-router';
import type { HotIssue, HotspotsReport } from '../../../../application/hotspots/read-hotspots';
import { api, describeError } from '../api/client';
import { useDirectoryIndex } from '../api/queries';
import { useSession } from '../components/RequireSession';
import { beijing, formatBeijing } from '../time';
import { everyDay } from './hotspot-days';

/** ECharts loads when a hot issue's row is opened. */
const DailyCountChart = lazy(() => import('../components/DailyCountChart'));

function CasesPerDay({ issue, through }: { readonly issue: HotIssue; readonly through: string }) {
  const { days, counts } = useMemo(() => everyDay(issue.daily, through), [issue.daily, through]);
  return (
    <div>
      {days.length > 0 && (
        <Suspense fallback={<div style={{ height: 220 }} />}>
          <DailyCountChart days={days} counts={counts} label={`“${issue.title}”每日件数柱状图`} />
        </Suspense>
      )}
      <nav aria-label={`“${issue.title}”的信访件`}>
        <Typography.Text strong>信访件（{issue.trackingNumbers.length}）：</Typography.Text>
        <Space wrap size={[12, 4]}>
          {issue.trackingNumbers.map((t) => (
            <Link key={t} to={`/cases/${t}`}>
              {t}
            </Link>
          ))}
        </Space>
      </nav>
    </div>
  );
}

export default function Hotspots() {
  const session = useSession()!;
  const { units, directory, now } = useDirectoryIndex();
  const own = units.get(session.unitId);
  const [region, setRegion] = useState<string | undefined>(undefined);
  // Native date inputs (YYYY-MM-DD): Ant Design's date picker would take the page over its first-load budget.
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const query = { region, from: from || undefined, to: to || undefined };
  const report = useQuery({
    queryKey: ['hotspots', session.unitId, query],
    queryFn: () => api<HotspotsReport>('/staff/hotspots', { query }),
  });
  // The bureau's own region and every region below it.
  const regionOptions = useMemo(() => {
    const regions = directory?.regions ?? [];
    if (!own) return [];
    const codes = [own.regionCode];
    for (let i = 0; i < codes.length; i++)
      for (const r of regions) if (r.parentCode === codes[i]) codes.push(r.code);
    const names = new Map(regions.map((r) => [r.code, r.name]));
    return codes.map((code) => ({ value: code, label: names.get(code) ?? code }));
  }, [directory, own]);
  const today = beijing(now()).format('YYYY-MM-DD');

  return (
    <section aria-labelledby="hotspots-title">
      <Typography.Title level={2} id="hotspots-title" style={{ fontSize: 20 }}>
        热点分析
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <span id="hot-region-label">地区</span>
        <Select
          aria-labelledby="hot-region-label"
          value={region ?? own?.regionCode}
          onChange={setRegion}
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 200 }}
          options={regionOptions}
        />
        <label htmlFor="hot-from">起始日期</label>
        <Input
          id="hot-from"
          type="date"
          // The range the API answered for (its default: the last 30 days) until one is picked.
          value={from || report.data?.from || ''}
          max={to || today}
          onChange={(e) => setFrom(e.target.value)}
          style={{ width: 160 }}
        />
        <label htmlFor="hot-to">截止日期</label>
        <Input
          id="hot-to"
          type="date"
          value={to || report.data?.to || ''}
          min={from || undefined}
          max={today}
          onChange={(e) => setTo(e.target.value)}
          style={{ width: 160 }}
        />
        <Button onClick={() => void report.refetch()}>刷新</Button>
      </Space>
      {report.isError && <Alert type="error" title={describeError(report.error)} />}
      {report.data && (
        <Typography.Paragraph type="secondary">
          {report.data.from} 至 {report.data.to}，热度计算于 {formatBeijing(report.data.heatAt)}（北京时间）
        </Typography.Paragraph>
      )}
      <Table<HotIssue>
        rowKey="id"
        size="middle"
        loading={report.isPending}
        dataSource={[...(report.data?.clusters ?? [])]}
        locale={{ emptyText: '该地区此期间暂无热点' }}
        pagination={false}
        scroll={{ x: 'max-content' }}
        expandable={{
          expandedRowRender: (issue) => <CasesPerDay issue={issue} through={report.data?.to ?? today} />,
          expandRowByClick: false,
        }}
        columns={[
          { title: '热点', dataIndex: 'title', key: 'title' },
          {
            title: '关键词',
            key: 'keywords',
            render: (_, issue) => (
              <Space wrap size={[4, 4]}>
                {issue.keywords.map((k) => (
                  <Tag key={k}>{k}</Tag>
                ))}
              </Space>
            ),
          },
          { title: '地区', key: 'region', render: (_, issue) => issue.region.name },
          { title: '类别', dataIndex: 'category', key: 'category' },
          { title: '件数', dataIndex: 'size', key: 'size', align: 'right' },
          { title: '信访人数', dataIndex: 'distinctPetitioners', key: 'people', align: 'right' },
          { title: '首次', key: 'firstAt', render: (_, issue) => formatBeijing(issue.firstAt) },
          { title: '最近', key: 'lastAt', render: (_, issue) => formatBeijing(issue.lastAt) },
          { title: '热度', key: 'heat', align: 'right', render: (_, issue) => issue.heat.toFixed(1) },
          {
            title: '增长',
            key: 'growth',
            align: 'right',
            // Against the window before: (recent − previous) ÷ previous.
            render: (_, issue) => `${issue.growth > 0 ? '+' : ''}${Math.round(issue.growth * 100)}%`,
          },
        ]}
      />
    </section>
  );
}
