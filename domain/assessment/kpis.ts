/**
 * Assessment (目标管理考核), DESIGN.md §2 step 11: what a case event adds to the counters of a unit
 * for a month, and the rates derived from those counters. Counters are additive, so a region's
 * total is the sum of its units' counters and a half year is the sum of its months; rates are
 * computed only after summing, never averaged.
 *
 * The case passed with an event is the case as loaded after it (possibly a later version): every
 * fact read here (deadlines closed at the event's instant, revisit tasks, supervision and
 * accountability records) is kept on the case once written, so a later version gives the same answer.
 */

import type { CaseEventType, CaseEventWith } from '../case/events.js';
import type { Case, CaseDeadline } from '../case/model.js';

export const counterNames = [
  'registered', // 登记 (receiving bureau)
  'registeredLate', // 登记不及时
  'skipLevel', // 越级访 (receiving bureau)
  'repeats', // 重复件 (receiving bureau)
  'forwarded', // 转送交办 (dispatching bureau)
  'forwardedOnTime',
  'returned', // 退回 (returning unit)
  'accepted', // 受理 (handling organ)
  'acceptedOnTime',
  'declined', // 不予受理
  'declinedOnTime',
  'replied', // 办结答复
  'repliedOnTime',
  'ratedSatisfied', // 满意
  'ratedBasicallySatisfied', // 基本满意
  'ratedDissatisfied', // 不满意
  'unrated', // 未评价
  'revisitsPlanned', // 回访任务 (the task's unit)
  'revisitsDone', // 已回访
  'overdue', // 超期 (the deadline's unit)
  'supervised', // 督办 (target unit)
  'accountability', // 责任追究 (responsible unit)
] as const;
export type CounterName = (typeof counterNames)[number];
export type Counters = Readonly<Partial<Record<CounterName, number>>>;

/** What one event adds to one unit's counters for one month. */
export interface KpiIncrement {
  readonly unitId: string;
  /** Asia/Shanghai calendar month of the event, `YYYY-MM`. */
  readonly month: string;
  readonly counters: Counters;
}

/** The province settings the counters depend on. */
export interface KpiSettings {
  readonly registrationGraceDays: number;
}

export type KpiEvent = CaseEventWith<'caseId' | 'caseVersion' | 'occurredAt'>;

const DAY_MS = 86_400_000;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The Asia/Shanghai month (`YYYY-MM`) of an instant; China has no daylight saving time. */
export function beijingMonth(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${iso}`);
  return new Date(ms + BEIJING_OFFSET_MS).toISOString().slice(0, 7);
}

/** The deadline with that key the event closed (closed at the event's instant), else the latest one. */
function closedBy(c: Case, key: string, at: string): CaseDeadline | undefined {
  const withKey = c.deadlines.filter((d) => d.key === key && d.startAt <= at);
  return withKey.find((d) => d.closedAt === at) ?? withKey[withKey.length - 1];
}

const onTime = (d: CaseDeadline | undefined, at: string): boolean => d === undefined || at <= d.dueAt;
const str = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/** The counter increments a case event causes, merged per unit and month (at most one entry each). */
/**
 * The event types that move a counter (the cases of {@link kpiIncrements}). The assessment rule
 * on the bus matches only these, so an event that counts nothing costs no message and no case read.
 */
export const countedEventTypes = [
  'CaseRegistered',
  'CaseLinkedAsRepeat',
  'CaseRefusedAsConcluded',
  'CaseForwarded',
  'CaseAssigned',
  'CaseReturned',
  'CaseAccepted',
  'CaseDeclined',
  'CaseReplied',
  'CaseEvaluated',
  'CaseUnrated',
  'RevisitRecorded',
  'CaseDeadlineMissed',
  'SupervisionOpened',
  'AccountabilityOpened',
  'CaseVerified',
] as const satisfies readonly CaseEventType[];

export function kpiIncrements(event: KpiEvent, c: Case, settings: KpiSettings): KpiIncrement[] {
  const at = event.occurredAt;
  const month = beijingMonth(at);
  const adds: { unitId: string; counter: CounterName }[] = [];
  const add = (unitId: string | undefined, ...counters: (CounterName | false)[]) => {
    if (unitId === undefined) return;
    for (const counter of counters) if (counter) adds.push({ unitId, counter });
  };
  const handlingOrgan = c.reply?.unitId ?? c.responsibility?.unitId;

  switch (event.type) {
    case 'CaseRegistered': {
      const late =
        c.accountabilities.some((a) => a.accountabilityId === 'acc-registration') ||
        Date.parse(c.registeredAt) - Date.parse(c.receivedAt) > settings.registrationGraceDays * DAY_MS;
      add(c.receivingUnitId, 'registered', late && 'registeredLate', c.skipLevel && 'skipLevel');
      break;
    }
    case 'CaseLinkedAsRepeat':
    case 'CaseRefusedAsConcluded': // the same matter again, after it was concluded: a repeat too
      add(c.receivingUnitId, 'repeats');
      break;
    case 'CaseForwarded':
    case 'CaseAssigned':
      add(
        str(event.payload.from) ?? c.dispatch?.fromUnitId,
        'forwarded',
        onTime(closedBy(c, 'forwarding', at), at) && 'forwardedOnTime',
      );
      break;
    case 'CaseReturned':
      add(str(event.payload.returnedBy), 'returned');
      break;
    case 'CaseAccepted': {
      const acceptance = closedBy(c, 'acceptance', at);
      add(
        acceptance?.unitId ?? c.responsibility?.unitId,
        'accepted',
        onTime(acceptance, at) && 'acceptedOnTime',
      );
      break;
    }
    case 'CaseDeclined': {
      const acceptance = closedBy(c, 'acceptance', at);
      add(acceptance?.unitId ?? c.currentUnitId, 'declined', onTime(acceptance, at) && 'declinedOnTime');
      break;
    }
    case 'CaseReplied':
      add(handlingOrgan, 'replied', onTime(closedBy(c, 'handling', at), at) && 'repliedOnTime');
      break;
    case 'CaseEvaluated': {
      const rating = str(event.payload.rating) ?? c.evaluation?.rating;
      const counter: CounterName | undefined =
        rating === 'satisfied'
          ? 'ratedSatisfied'
          : rating === 'basically_satisfied'
            ? 'ratedBasicallySatisfied'
            : rating === 'dissatisfied'
              ? 'ratedDissatisfied'
              : undefined;
      if (counter) add(handlingOrgan, counter);
      // Revisit tasks are planned once, by the dissatisfied rating or the lapsed window.
      if (rating === 'dissatisfied') for (const t of c.revisits) add(t.unitId, 'revisitsPlanned');
      break;
    }
    case 'CaseUnrated':
      add(handlingOrgan, 'unrated');
      for (const t of c.revisits) add(t.unitId, 'revisitsPlanned');
      break;
    case 'RevisitRecorded':
      add(c.revisits.find((t) => t.taskId === event.payload.taskId)?.unitId, 'revisitsDone');
      break;
    case 'CaseDeadlineMissed':
      add(str(event.payload.unitId), 'overdue');
      break;
    case 'SupervisionOpened':
      add(event.payload.targetUnitId, 'supervised');
      break;
    case 'AccountabilityOpened':
      add(event.payload.responsibleUnitId, 'accountability');
      break;
    case 'CaseVerified': {
      const verified = event.payload;
      if (verified.finding !== 'organ_failure') break;
      const target = c.supervisions.find((s) => s.supervisionId === verified.supervisionId)?.targetUnitId;
      add(target, 'supervised', 'accountability');
      break;
    }
  }

  const merged = new Map<string, Partial<Record<CounterName, number>>>();
  for (const { unitId, counter } of adds) {
    const counters = merged.get(unitId) ?? {};
    counters[counter] = (counters[counter] ?? 0) + 1;
    merged.set(unitId, counters);
  }
  return [...merged].map(([unitId, counters]) => ({ unitId, month, counters }));
}

/** The sum of counters (for a region, or for several months). */
export function sumCounters(list: readonly Counters[]): Counters {
  const total: Partial<Record<CounterName, number>> = {};
  for (const counters of list)
    for (const name of counterNames) {
      const n = counters[name];
      if (n) total[name] = (total[name] ?? 0) + n;
    }
  return total;
}

export interface Rate {
  readonly numerator: number;
  readonly denominator: number;
  /** numerator / denominator, or null when nothing was counted. */
  readonly value: number | null;
}

export interface Assessment {
  /** 按时登记率 */
  readonly onTimeRegistration: Rate;
  /** 按时转送交办率 */
  readonly onTimeForwarding: Rate;
  /** 按时受理告知率: acceptance and decline notices within the acceptance deadline. */
  readonly onTimeAcceptance: Rate;
  /** 按期办结率 */
  readonly onTimeCompletion: Rate;
  /** 满意率: satisfied and basically satisfied over every rated or unrated reply. */
  readonly satisfaction: Rate;
  /** 回访完成率 */
  readonly revisitCompletion: Rate;
  /** 重复信访率 */
  readonly repeatRate: Rate;
  /** 越级访率 */
  readonly skipLevelRate: Rate;
}

const rate = (numerator: number, denominator: number): Rate => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : Math.round((numerator / denominator) * 10_000) / 10_000,
});

/** The assessment rates of (summed) counters, each with its numerator and denominator. */
export function assessmentFor(counters: Counters): Assessment {
  const n = (name: CounterName) => counters[name] ?? 0;
  const registered = n('registered');
  return {
    onTimeRegistration: rate(registered - n('registeredLate'), registered),
    onTimeForwarding: rate(n('forwardedOnTime'), n('forwarded')),
    onTimeAcceptance: rate(n('acceptedOnTime') + n('declinedOnTime'), n('accepted') + n('declined')),
    onTimeCompletion: rate(n('repliedOnTime'), n('replied')),
    satisfaction: rate(
      n('ratedSatisfied') + n('ratedBasicallySatisfied'),
      n('ratedSatisfied') + n('ratedBasicallySatisfied') + n('ratedDissatisfied') + n('unrated'),
    ),
    revisitCompletion: rate(n('revisitsDone'), n('revisitsPlanned')),
    repeatRate: rate(n('repeats'), registered),
    skipLevelRate: rate(n('skipLevel'), registered),
  };
}

const monthPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Every month from `from` to `to` inclusive (`YYYY-MM`); throws when the range is not a range. */
export function monthsBetween(from: string, to: string, max = 36): string[] {
  const a = monthPattern.exec(from);
  const b = monthPattern.exec(to);
  if (!a || !b) throw new RangeError('months are written YYYY-MM');
  const index = (m: RegExpExecArray) => Number(m[1]) * 12 + Number(m[2]) - 1;
  const [start, end] = [index(a), index(b)];
  if (end < start) throw new RangeError(`${to} is before ${from}`);
  if (end - start + 1 > max) throw new RangeError(`at most ${max} months at once`);
  const months: string[] = [];
  for (let i = start; i <= end; i++)
    months.push(`${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`);
  return months;
}

/** The months of a half year written `2026H1` (January–June) or `2026H2` (July–December). */
export function halfYear(half: string): { from: string; to: string } {
  const m = /^(\d{4})H([12])$/.exec(half);
  if (!m) throw new RangeError('a half year is written YYYYH1 or YYYYH2');
  return m[2] === '1' ? { from: `${m[1]}-01`, to: `${m[1]}-06` } : { from: `${m[1]}-07`, to: `${m[1]}-12` };
}
