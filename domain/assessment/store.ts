/**
 * The port of the assessment counters: what a case event added per unit and month, applied once
 * per event however often it is delivered, and read back for a set of units and months.
 */
import type { Counters, KpiIncrement } from './kpis.js';

/** The counters of one unit for one month. */
export interface UnitMonthCounters {
  readonly unitId: string;
  readonly month: string;
  readonly counters: Counters;
}

export interface AssessmentStore {
  /**
   * Applies the increments of one event (caseId, caseVersion) atomically and at most once;
   * returns false when that event was already applied.
   */
  apply(
    event: { caseId: string; caseVersion: number },
    increments: readonly KpiIncrement[],
  ): Promise<boolean>;
  /** The stored counters of these units in these months; unit-months with nothing are left out. */
  read(unitIds: readonly string[], months: readonly string[]): Promise<UnitMonthCounters[]>;
}
