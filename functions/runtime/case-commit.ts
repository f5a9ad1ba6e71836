import type { TransitionOutcome } from '../../domain/case/transitions.js';
import type { Dependencies } from './dependencies.js';

/**
 * Stores a transition (the case, its history line and its event in one transaction), then
 * publishes the event. If publishing fails the event stays in the outbox and the outbox sweep
 * publishes it later: the transition stands either way, and consumers tolerate duplicates.
 */
export function caseCommitter(deps: Pick<Dependencies, 'cases' | 'events' | 'logger'>) {
  return async (outcome: TransitionOutcome, isNew: boolean): Promise<void> => {
    if (isNew) await deps.cases.create(outcome);
    else await deps.cases.save(outcome);
    try {
      await deps.events.publish([outcome.event]);
      await deps.cases.markPublished(outcome.case.caseId, outcome.history.seq);
    } catch (error) {
      deps.logger.warn('event left in the outbox', {
        caseId: outcome.case.caseId,
        seq: outcome.history.seq,
        error,
      });
    }
  };
}
