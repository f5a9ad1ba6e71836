/**
 * The assessment rates per unit as a bar chart. ECharts is loaded in parts (bars, grid, tooltip,
 * legend, canvas) and only with the assessment page.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface RateSeries {
  readonly name: string;
  /** Percentages, or null where nothing was counted. */
  readonly values: readonly (number | null)[];
}

export default function RateChart({
  categories,
  series,
  label,
}: {
  readonly categories: readonly string[];
  readonly series: readonly RateSeries[];
  readonly label: string;
}) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v === null || v === undefined ? '-' : `${v}%`),
      },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 72 },
      xAxis: {
        type: 'category',
        data: [...categories],
        axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 },
      },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: series.map((s) => ({ name: s.name, type: 'bar', data: [...s.values], barMaxWidth: 28 })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series]);
  return <div ref={element} role="img" aria-label={label} style={{ width: '100%', height: 360 }} />;
}
