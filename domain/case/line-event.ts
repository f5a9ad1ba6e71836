/**
 * The event of a history line (issue 13): an event says what its line says, and beyond it only
 * the case's tracking number and the unit it is with after the transition. The domain makes every
 * event this way, and a stored line keeps only those two beside it.
 */
import type { CaseEvent } from './events.js';

/** What an event says beyond its history line: the case's tracking number and unit after it. */
export interface LineEventContext {
  readonly trackingNumber: string;
  readonly unitId: string;
}

/** What an event takes from its history line (a `HistoryEntry` is one). */
export interface EventLine {
  readonly caseId: string;
  readonly seq: number;
  readonly at: string;
  readonly actor: CaseEvent['actor'];
  readonly fromStage: CaseEvent['fromStage'];
  readonly toStage: CaseEvent['toStage'];
  readonly event: CaseEvent['type'];
  readonly payload: CaseEvent['payload'];
}

/** The event of a history line, given what it says beyond the line. */
export function eventOfLine(line: EventLine, context: LineEventContext): CaseEvent {
  return {
    type: line.event,
    version: 1,
    caseId: line.caseId,
    trackingNumber: context.trackingNumber,
    caseVersion: line.seq,
    occurredAt: line.at,
    actor: line.actor,
    fromStage: line.fromStage,
    toStage: line.toStage,
    unitId: context.unitId,
    payload: line.payload,
  } as CaseEvent;
}
