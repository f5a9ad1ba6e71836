/** The work queues (工作台) and how each asks the inbox API. */
import type { CaseSummary } from '../api/types';
import { endOfWorkingDaysAhead, type WorkingDays } from '../time';

export interface QueueDefinition {
  readonly key: string;
  readonly label: string;
  /** Only bureaus have these queues. */
  readonly bureauOnly?: boolean;
  query(calendar: WorkingDays, now: number): Record<string, string>;
  /** Narrows a page further, where the API has no such filter. */
  keep?(item: CaseSummary, calendar: WorkingDays, now: number): boolean;
}

export const queueDefinitions: readonly QueueDefinition[] = [
  { key: 'unit', label: '本单位全部', query: () => ({}) },
  { key: 'mine', label: '我的案件', query: () => ({ mine: 'true' }) },
  { key: 'triage', label: '待分流', bureauOnly: true, query: () => ({ stage: 'triage' }) },
  { key: 'sign', label: '待签收', query: () => ({ stage: 'awaiting_sign_for' }) },
  { key: 'accept', label: '待受理', query: () => ({ stage: 'awaiting_acceptance' }) },
  { key: 'handling', label: '办理中', query: () => ({ stage: 'handling' }) },
  {
    key: 'due',
    label: '3个工作日内到期',
    query: (calendar, now) => ({ dueBefore: endOfWorkingDaysAhead(calendar, now, 3) }),
    keep: (item, calendar, now) =>
      item.nextDueAt !== undefined && item.nextDueAt <= endOfWorkingDaysAhead(calendar, now, 3),
  },
  { key: 'overdue', label: '已超期', query: () => ({ overdue: 'true' }) },
  { key: 'revisit', label: '待回访', query: () => ({ stage: 'revisiting' }) },
  { key: 'verify', label: '待核查', bureauOnly: true, query: () => ({ stage: 'verifying' }) },
  { key: 'supervising', label: '督办中', query: () => ({ stage: 'supervising' }) },
];

/** Nearest deadline first; cases with no deadline last. */
export function byNearestDeadline(a: CaseSummary, b: CaseSummary): number {
  if (a.nextDueAt === b.nextDueAt) return a.registeredAt.localeCompare(b.registeredAt);
  if (a.nextDueAt === undefined) return 1;
  if (b.nextDueAt === undefined) return -1;
  return a.nextDueAt.localeCompare(b.nextDueAt);
}

export interface SavedFilter {
  readonly name: string;
  readonly queue: string;
  readonly category?: string;
}

const savedKey = 'console.savedFilters';

export function savedFilters(): SavedFilter[] {
  try {
    return JSON.parse(localStorage.getItem(savedKey) ?? '[]') as SavedFilter[];
  } catch {
    return [];
  }
}

export function saveFilters(filters: readonly SavedFilter[]): void {
  localStorage.setItem(savedKey, JSON.stringify(filters));
}
