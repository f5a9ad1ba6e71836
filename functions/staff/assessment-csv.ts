/**
 * The assessment report as a sheet for the analysis meeting: one row per unit with activity, in
 * Chinese, rates as `66.67% (2/3)`; as CSV (CRLF line ends, RFC 4180) or as an Excel workbook.
 */
import type { UnitReport } from '../../application/assessment/read-assessment.js';
import type { Rate } from '../../domain/assessment/kpis.js';
import { xlsxWorkbook } from './xlsx.js';

const sheetColumns: readonly [string, (u: UnitReport) => string | number][] = [
  ['单位', (u) => u.name],
  ['单位编号', (u) => u.unitId],
  ['登记件数', (u) => u.counters.registered ?? 0],
  ['按时登记率', (u) => formatRate(u.rates.onTimeRegistration)],
  ['转送交办件数', (u) => u.counters.forwarded ?? 0],
  ['按时转送交办率', (u) => formatRate(u.rates.onTimeForwarding)],
  ['受理告知件数', (u) => (u.counters.accepted ?? 0) + (u.counters.declined ?? 0)],
  ['按时受理告知率', (u) => formatRate(u.rates.onTimeAcceptance)],
  ['办结答复件数', (u) => u.counters.replied ?? 0],
  ['按期办结率', (u) => formatRate(u.rates.onTimeCompletion)],
  ['满意率', (u) => formatRate(u.rates.satisfaction)],
  ['回访完成率', (u) => formatRate(u.rates.revisitCompletion)],
  ['重复信访率', (u) => formatRate(u.rates.repeatRate)],
  ['越级访率', (u) => formatRate(u.rates.skipLevelRate)],
  ['超期件数', (u) => u.counters.overdue ?? 0],
  ['督办件数', (u) => u.counters.supervised ?? 0],
  ['责任追究件数', (u) => u.counters.accountability ?? 0],
];

/** `66.67% (2/3)`, or `-` when nothing was counted. */
function formatRate(rate: Rate): string {
  return rate.value === null
    ? '-'
    : `${(rate.value * 100).toFixed(2)}% (${rate.numerator}/${rate.denominator})`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One header row and one row per unit. */
export function toCsv(units: readonly UnitReport[]): string {
  const rows = [
    sheetColumns.map(([title]) => title),
    ...units.map((u) => sheetColumns.map(([, cell]) => cell(u))),
  ];
  return `${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The same rows as an Excel workbook (.xlsx), under a title row naming what it covers. */
export function toXlsx(units: readonly UnitReport[], title: string): Buffer {
  const rows = [
    [title],
    sheetColumns.map(([name]) => name),
    ...units.map((u) => sheetColumns.map(([, cell]) => cell(u))),
  ];
  return xlsxWorkbook('目标管理考核', rows, 2);
}
