/**
 * 考核: assessment (目标管理考核) per unit of a region or for one unit, by half year, with the rates
 * as a chart and a table, and the half-yearly report as a spreadsheet (XLSX or CSV). The totals
 * come with the page; the chart and the table load their code after them.
 */
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, message, Select, Space, Typography } from 'antd';
import { lazy, Suspense, useMemo, useState } from 'react';
import type { AssessmentReport } from '../../../../application/assessment/read-assessment';
import { api, describeError, download } from '../api/client';
import { useDirectoryIndex } from '../api/queries';
import { useSession } from '../components/RequireSession';
import { beijing } from '../time';
import { charted, percent, rateNames, rateText } from './assessment-rates';

/** ECharts, and the table of every unit, load after the totals are on screen. */
const RateChart = lazy(() => import('../components/RateChart'));
const RateTable = lazy(() => import('../components/RateTable'));

export default function Assessment() {
  const session = useSession()!;
  const { units, now } = useDirectoryIndex();
  const [notice, noticeHolder] = message.useMessage();
  const own = units.get(session.unitId);
  const year = beijing(now()).year();
  const halves = [`${year}H2`, `${year}H1`, `${year - 1}H2`, `${year - 1}H1`];
  const [half, setHalf] = useState(beijing(now()).month() < 6 ? `${year}H1` : `${year}H2`);
  const scope = own?.kind === 'bureau' ? { region: own.regionCode } : { unit: session.unitId };
  const report = useQuery({
    queryKey: ['assessment', scope, half],
    queryFn: () => api<AssessmentReport>('/staff/assessment', { query: { ...scope, half } }),
    enabled: own !== undefined,
  });
  const shown = useMemo(
    () => (report.data?.units ?? []).filter((u) => Object.keys(u.counters).length > 0).slice(0, 12),
    [report.data],
  );
  const series = useMemo(
    () =>
      charted.map((key) => ({
        name: rateNames.find(([k]) => k === key)![1],
        values: shown.map((u) => percent(u.rates[key])),
      })),
    [shown],
  );
  const categories = useMemo(() => shown.map((u) => u.name), [shown]);

  const save = (format: 'xlsx' | 'csv') =>
    download('/staff/assessment', { ...scope, half, format }, `assessment-${half}.${format}`).catch(
      (e: unknown) => notice.error(describeError(e)),
    );

  return (
    <section aria-labelledby="assessment-title">
      {noticeHolder}
      <Typography.Title level={2} id="assessment-title" style={{ fontSize: 20 }}>
        目标管理考核
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <span id="half-label">考核期</span>
        <Select
          aria-labelledby="half-label"
          value={half}
          onChange={setHalf}
          style={{ width: 160 }}
          options={halves.map((h) => ({
            value: h,
            label: `${h.slice(0, 4)}年${h.endsWith('H1') ? '上半年' : '下半年'}`,
          }))}
        />
        <Button type="primary" onClick={() => void save('xlsx')}>
          下载半年报告（Excel）
        </Button>
        <Button onClick={() => void save('csv')}>下载半年报告（CSV）</Button>
      </Space>
      {report.isError && <Alert type="error" title={describeError(report.error)} />}
      {report.data && (
        <>
          <Card size="small" title={`${own?.name ?? ''} 合计`} style={{ marginBottom: 16 }}>
            <Space wrap size={24}>
              {rateNames.map(([key, name]) => (
                <div key={key}>
                  <div style={{ color: '#595959' }}>{name}</div>
                  <div style={{ fontSize: 18 }}>{rateText(report.data.total.rates[key])}</div>
                </div>
              ))}
            </Space>
          </Card>
          <Card size="small" title="各单位主要指标" style={{ marginBottom: 16 }}>
            {shown.length > 0 ? (
              <Suspense fallback={<div style={{ height: 360 }} />}>
                <RateChart
                  categories={categories}
                  series={series}
                  label="各单位按时转送交办率、按时受理告知率、按期办结率、满意率、回访完成率柱状图"
                />
              </Suspense>
            ) : (
              <Typography.Text type="secondary">本考核期暂无数据</Typography.Text>
            )}
          </Card>
          <Suspense fallback={<div style={{ height: 240 }} />}>
            <RateTable units={report.data.units.filter((u) => Object.keys(u.counters).length > 0)} />
          </Suspense>
        </>
      )}
    </section>
  );
}
