/**
 * Routing (分流) of a case that reached triage: decide its category and competent organ by the
 * trained topic model blended with the province's rules, record the decision (rule, model and rules
 * contributions, confidence, reason), and forward it to that organ when confident enough. A case the rules cannot place, or one an organ returned, stays in
 * the bureau's triage queue for a person; staff who acted meanwhile win (their decision stands).
 */
import { StaleCaseVersionError } from '../../domain/case/errors.js';
import type { Actor, Case } from '../../domain/case/model.js';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import { routeCase as decideRoute, type RoutingDecision } from '../../domain/routing/route.js';
import type { TopicClassifier } from '../../domain/routing/topic-model.js';
import { CommandExecutor, type CommandExecutorPorts } from '../command-executor.js';
import type { ProvinceContext } from '../ports.js';

export interface RouteCasePorts extends CommandExecutorPorts {
  readonly province: ProvinceContext;
  /** The trained topic model, blended with the province's rules (without it: the rules alone). */
  readonly classifier?: TopicClassifier;
}

const routing: Actor = { kind: 'system', process: 'routing' };

/** Only a case in triage that was never routed nor returned is routed automatically. */
const routable = (c: Case) => c.stage === 'triage' && !c.routing && c.returns.length === 0;

/**
 * A case the router decided to forward, still in triage exactly as the router left it (nobody
 * acted since): a crash or a lost message came between the two steps, and routing completes it.
 */
function forwardPending(c: Case): string | undefined {
  const r = c.routing;
  if (c.stage !== 'triage' || !r?.forwardsNext || !r.organUnitId || c.returns.length > 0) return undefined;
  if (r.decidedAt !== c.updatedAt || r.organUnitId === c.currentUnitId) return undefined;
  return r.organUnitId;
}

/** Whether routing still has work on the case: what the stuck-case sweep looks for. */
export function awaitsRouting(c: Case): boolean {
  return routable(c) || forwardPending(c) !== undefined;
}

/** How many of the router's candidate categories a decision records for the triage queue. */
const recordedCandidates = 5;

/**
 * The categories the router considered, best first: the decided one with its organ, then the
 * rules' other candidates with the organ of that category in the case's region, where one exists.
 */
function candidatesOf(decision: RoutingDecision, regionCode: string, directory: ProvinceDirectory) {
  const scoreOf = (categoryId: string) => decision.candidates.find((k) => k.categoryId === categoryId)?.score;
  const decided = decision.categoryId
    ? [
        {
          categoryId: decision.categoryId,
          score: scoreOf(decision.categoryId) ?? 0,
          organUnitId: decision.organUnitId,
        },
      ]
    : [];
  const others = decision.candidates
    .filter((k) => k.categoryId !== decision.categoryId)
    .map((k) => ({
      categoryId: k.categoryId,
      score: k.score,
      organUnitId: directory.organFor(regionCode, k.categoryId)?.id,
    }));
  return [...decided, ...others].slice(0, recordedCandidates).map((k) => ({
    categoryId: k.categoryId,
    score: Number(Math.max(0, k.score).toFixed(3)),
    ...(k.organUnitId ? { organUnitId: k.organUnitId } : {}),
  }));
}

/**
 * Routes a case that reached triage. `atLeastVersion`, the version of the event that asked, lets a
 * copy at least that new serve the read (half the read units); without it the read is consistent.
 */
export async function routeCase(
  ports: RouteCasePorts,
  caseId: string,
  atLeastVersion?: number,
): Promise<void> {
  const { config, directory } = ports.province;
  const executor = new CommandExecutor(ports);
  try {
    // Routing, then the forward it decided (or one a crash or a lost message left pending), in one write.
    await executor.run(
      caseId,
      [
        (c) => {
          if (!routable(c)) return undefined;
          const decision = decideRoute(
            {
              title: c.title,
              content: c.content,
              regionCode: c.regionCode,
              ...(c.categoryId ? { category: c.categoryId } : {}),
            },
            config,
            directory,
            ports.classifier,
          );
          if (!decision.categoryId) return undefined;
          return {
            type: 'route',
            categoryId: decision.categoryId,
            ...(decision.organUnitId ? { organUnitId: decision.organUnitId } : {}),
            ruleId: decision.ruleId,
            confidence: Number(decision.confidence.toFixed(3)),
            reason: decision.reason.slice(0, 2_000) || 'routing rules',
            forwardsNext:
              !decision.needsPerson &&
              decision.organUnitId !== undefined &&
              decision.organUnitId !== c.currentUnitId,
            candidates: candidatesOf(decision, c.regionCode, directory),
            ...(decision.model
              ? { model: { topic: decision.model.topic, probability: decision.model.probability } }
              : {}),
            rules: {
              ...(decision.rules.categoryId ? { categoryId: decision.rules.categoryId } : {}),
              confidence: Number(decision.rules.confidence.toFixed(3)),
              ruleId: decision.rules.ruleId,
            },
          };
        },
        (c) => {
          const to = forwardPending(c);
          return to ? { type: 'forward', toUnitId: to, toUnitKind: 'organ' } : undefined;
        },
      ],
      // Staff acting on the case meanwhile win: routing does not decide again over them.
      { actor: routing, onStale: 'fail', ...(atLeastVersion === undefined ? {} : { atLeastVersion }) },
    );
  } catch (error) {
    if (!(error instanceof StaleCaseVersionError)) throw error;
  }
}
