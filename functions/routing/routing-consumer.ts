/**
 * Routing queue consumer (分流): for a case waiting in a bureau's triage, decide its category and
 * competent organ by the province's rules, record the decision (rule, confidence, reason), and
 * forward it to that organ when the rules are confident. A case the rules cannot place, or one
 * an organ returned, stays in the bureau's triage queue for a person to decide.
 */
import { StaleCaseVersionError } from '../../domain/case/errors.js';
import type { Actor } from '../../domain/case/model.js';
import { decide } from '../../domain/case/transitions.js';
import { routeCase } from '../../domain/routing/route.js';
import { busEnvelopeSchema } from '../../events/case-events.js';
import { caseCommitter } from '../runtime/case-commit.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { onLambda } from '../runtime/lambda.js';
import { sqsConsumer } from '../runtime/sqs.js';

const routing: Actor = { kind: 'system', process: 'routing' };

export function createRoutingConsumer(deps: Dependencies) {
  const { config, directory, planner } = deps.province;
  const commit = caseCommitter(deps);
  return sqsConsumer(
    'routing',
    busEnvelopeSchema,
    async ({ detail: event }) => {
      let c = await deps.cases.get(event.caseId);
      // Only a case in triage that was never routed nor returned is routed here; the rest is for a person.
      if (c?.stage !== 'triage' || c.routing || c.returns.length > 0) return;
      const decision = routeCase(
        {
          title: c.title,
          content: c.content,
          regionCode: c.regionCode,
          ...(c.categoryId ? { category: c.categoryId } : {}),
        },
        config,
        directory,
      );
      if (!decision.categoryId) return;
      const now = deps.clock.now();
      try {
        const routed = decide(
          c,
          {
            type: 'route',
            categoryId: decision.categoryId,
            ...(decision.organUnitId ? { organUnitId: decision.organUnitId } : {}),
            ruleId: decision.ruleId,
            confidence: Number(decision.confidence.toFixed(3)),
            reason: decision.reason.slice(0, 2_000) || 'routing rules',
          },
          { now, actor: routing, planner },
        );
        await commit(routed, false);
        c = routed.case;
        const organ = decision.organUnitId;
        if (decision.needsPerson || !organ || organ === c.currentUnitId) return;
        const forwarded = decide(
          c,
          { type: 'forward', toUnitId: organ, toUnitKind: 'organ' },
          { now, actor: routing, planner },
        );
        await commit(forwarded, false);
      } catch (error) {
        // Staff acted on the case meanwhile: their decision stands.
        if (!(error instanceof StaleCaseVersionError)) throw error;
      }
    },
    deps.logger,
  );
}

export const handler = onLambda(createRoutingConsumer);
