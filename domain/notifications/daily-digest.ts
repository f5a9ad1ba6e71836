/**
 * The daily digest of a unit (issue #7): every morning, what the unit holds open, how much is due
 * within three days, how much is overdue, and the most urgent cases by tracking number. Built
 * from the case summaries of the unit's inbox; one digest per unit and Beijing day.
 */
import type { Stage } from '../case/model.js';
import { stages } from '../case/model.js';
import type { CaseSummary } from '../case/repository.js';
import { beijingTime } from './staff-alerts.js';

/** A case is "due soon" when a unit must act on it within this many days. */
const dueSoonDays = 3;
/** How many of the most urgent cases a digest names. */
const mostUrgentCount = 5;

/** One of the most urgent cases a digest names. */
interface UrgentCase {
  readonly caseId: string;
  readonly trackingNumber: string;
  readonly stage: Stage;
  readonly dueAt?: string;
  readonly overdue: boolean;
}

/** The feed entry of a unit's daily digest. */
export interface DailyDigest {
  readonly unitId: string;
  readonly kind: 'digest';
  /** The Beijing calendar day it covers, `2026-03-03`. */
  readonly day: string;
  /** 08:00 Beijing time of that day, when the schedule runs: the same for every run of the day. */
  readonly at: string;
  readonly title: string;
  readonly detail: string;
  readonly openCases: number;
  /** Open cases per stage, in lifecycle order. */
  readonly byStage: Readonly<Partial<Record<Stage, number>>>;
  readonly dueSoon: number;
  readonly overdue: number;
  readonly mostUrgent: readonly UrgentCase[];
}

const hour = 3_600_000;

/** The Beijing calendar day of an instant, `2026-03-03`. */
export function beijingDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * hour).toISOString().slice(0, 10);
}

/** When a unit must act on a summarised case: its next due time, else its next checkpoint. */
function dueOf(s: CaseSummary): string | undefined {
  // Summaries written before `nextDueAt` existed carry only the checkpoint.
  return s.nextDueAt ?? s.nextCheckpointAt;
}

/** Overdue first, then by due time (none last), then by tracking number: a total, stable order. */
function urgency(a: CaseSummary, b: CaseSummary): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  const da = dueOf(a) ?? '~';
  const db = dueOf(b) ?? '~';
  if (da !== db) return da < db ? -1 : 1;
  return a.trackingNumber < b.trackingNumber ? -1 : a.trackingNumber > b.trackingNumber ? 1 : 0;
}

/**
 * The digest of a unit from the summaries of its open cases at `now`, or undefined when it has
 * none (a unit with nothing open is not told so every morning).
 */
export function dailyDigestFor(
  unit: { readonly id: string; readonly name: string },
  open: readonly CaseSummary[],
  now: string,
): DailyDigest | undefined {
  if (open.length === 0) return undefined;
  const day = beijingDay(now);
  const soon = new Date(Date.parse(now) + dueSoonDays * 24 * hour).toISOString();
  const byStage: Partial<Record<Stage, number>> = {};
  for (const stage of stages) {
    const count = open.filter((s) => s.stage === stage).length;
    if (count > 0) byStage[stage] = count;
  }
  const overdue = open.filter((s) => s.overdue).length;
  const dueSoon = open.filter((s) => {
    const due = dueOf(s);
    return !s.overdue && due !== undefined && due <= soon;
  }).length;
  const mostUrgent = [...open]
    .sort(urgency)
    .slice(0, mostUrgentCount)
    .map((s): UrgentCase => {
      const due = dueOf(s);
      return {
        caseId: s.caseId,
        trackingNumber: s.trackingNumber,
        stage: s.stage,
        ...(due === undefined ? {} : { dueAt: due }),
        overdue: s.overdue,
      };
    });
  const at = `${day}T00:00:00.000Z`;
  return {
    unitId: unit.id,
    kind: 'digest',
    day,
    at,
    title: `今日待办：在办${open.length}件，超期${overdue}件`,
    detail:
      `截至${beijingTime(now)}，${unit.name}在办信访事项${open.length}件，其中${dueSoonDays}日内到期${dueSoon}件、` +
      `已超期${overdue}件。最紧急：${mostUrgent.map((u) => u.trackingNumber).join('、')}。`,
    openCases: open.length,
    byStage,
    dueSoon,
    overdue,
    mostUrgent,
  };
}
