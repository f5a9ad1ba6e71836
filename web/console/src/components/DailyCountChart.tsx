/**
 * A hot issue's cases per day as a bar chart. ECharts is loaded in parts (bars, grid, tooltip,
 * canvas) and only when a person opens a hot issue's row.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export default function DailyCountChart({
  days,
  counts,
  label,
}: {
  /** Beijing days, `YYYY-MM-DD`, one per bar. */
  readonly days: readonly string[];
  readonly counts: readonly number[];
  readonly label: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v}件` },
      grid: { left: 40, right: 16, top: 16, bottom: 48 },
      xAxis: { type: 'category', data: days.map((d) => d.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: '件数', type: 'bar', data: [...counts], barMaxWidth: 24, itemStyle: { color: '#b71c1c' } },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [days, counts]);
  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height: 220 }} />;
}
