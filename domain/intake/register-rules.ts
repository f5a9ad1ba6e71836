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
