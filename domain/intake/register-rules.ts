/**
 * Rules of registration that read no store: whether a filing skipped a level (越级), and why the
 * first handling of a case failed (an accountability trigger when the petitioner then goes higher).
 */
import type { Case } from '../case/model.js';
import type { ProvinceDirectory } from '../province/directory.js';

/**
 * True when the matter was filed with a bureau above the level of its region (越级): the
 * province bureau for a county matter, say.
 */
export function isSkipLevel(
  directory: ProvinceDirectory,
  receivingUnitId: string,
  regionCode: string,
): boolean {
  const receiving = directory.unit(receivingUnitId);
  const rank = { province: 0, city: 1, county: 2 } as const;
  return rank[receiving.level] < rank[directory.region(regionCode).level];
}

const dayMs = 86_400_000;

/**
 * What is wrong with a receipt time a sender gave, or undefined: more than `aheadHours` ahead of
 * `now` (a clock out of step, or a made-up date), or more than `backDays` before it.
 */
export function receiptTimeProblem(
  receivedAt: string,
  now: string,
  limits: { readonly aheadHours: number; readonly backDays: number },
): string | undefined {
  const at = Date.parse(receivedAt);
  const nowMs = Date.parse(now);
  if (at - nowMs > limits.aheadHours * 3_600_000)
    return `is more than ${limits.aheadHours} hours ahead of the platform's clock (${now})`;
  if (nowMs - at > limits.backDays * dayMs)
    return `is more than ${limits.backDays} days before today; such a matter is registered with today's date and its history in the content`;
  return undefined;
}

/**
 * True when a matter was registered more than the province's grace period after it was received
 * (不及时录入): the supervising bureau is told; by itself it opens no accountability record (the
 * seed holds not registering to account when it causes a skip-level petition).
 */
export function isLateRegistration(receivedAt: string, registeredAt: string, graceDays: number): boolean {
  return Date.parse(registeredAt) - Date.parse(receivedAt) > graceDays * dayMs;
}

/** Why the first handling of a case failed, as the data shows it, or undefined. */
export function firstHandlingFailure(original: Case): string | undefined {
  if (original.verification?.finding === 'organ_failure')
    return `核查认定首办单位${original.verification.failureKind ?? ''}`;
  const overdue = original.deadlines.find((d) => d.kind === 'obligation' && d.overdueAt !== undefined);
  if (overdue) return `首办环节超期（${overdue.key}）`;
  if (
    original.evaluation &&
    original.evaluation.rating !== 'satisfied' &&
    original.evaluation.rating !== 'basically_satisfied'
  ) {
    return '首办答复信访人不满意或未评价';
  }
  return undefined;
}
