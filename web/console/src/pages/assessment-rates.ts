/** The assessment page's rates: their Chinese names and how they read. */
import type { AssessmentReport } from '../../../../application/assessment/read-assessment';

type Rates = AssessmentReport['total']['rates'];
export type UnitAssessment = AssessmentReport['units'][number];

export const rateNames: readonly [keyof Rates, string][] = [
  ['onTimeRegistration', '按时登记率'],
  ['onTimeForwarding', '按时转送交办率'],
  ['onTimeAcceptance', '按时受理告知率'],
  ['onTimeCompletion', '按期办结率'],
  ['satisfaction', '满意率'],
  ['revisitCompletion', '回访完成率'],
  ['repeatRate', '重复信访率'],
  ['skipLevelRate', '越级访率'],
];
export const charted: readonly (keyof Rates)[] = [
  'onTimeForwarding',
  'onTimeAcceptance',
  'onTimeCompletion',
  'satisfaction',
  'revisitCompletion',
];

export const percent = (r: Rates[keyof Rates]) => (r.value === null ? null : Math.round(r.value * 1000) / 10);
export const rateText = (r: Rates[keyof Rates]) =>
  r.value === null ? '-' : `${percent(r)}%（${r.numerator}/${r.denominator}）`;
