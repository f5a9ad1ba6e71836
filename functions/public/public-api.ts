/**
 * The petitioner's endpoints. GET /public/cases/{trackingNumber}?code={queryCode}: the view of
 * their case; POST /public/cases/{trackingNumber}/evaluation: their rating of the reply. A wrong
 * code answers exactly like an unknown number, and an address that keeps guessing is throttled
 * (429) for the rest of the window.
 */
import { timingSafeEqual } from 'node:crypto';
import middy from '@middy/core';
import * as z from 'zod/mini';
import type { CaseCommandOn } from '../../domain/case/commands.js';
import { CommandNotAllowedInStageError } from '../../domain/case/errors.js';
import type { Case } from '../../domain/case/model.js';
import { ratings } from '../../domain/case/model.js';
import { publicView } from '../../domain/case/public-view.js';
import { reviewUnitFor } from '../../domain/case/review-unit.js';
import { planRevisitTasks } from '../../domain/case/revisit-plan.js';
import { decide } from '../../domain/case/transitions.js';
import { queryCodeDigest } from '../intake/accept-submission.js';
import { caseCommitter } from '../runtime/case-commit.js';
import type { Dependencies } from '../runtime/dependencies.js';
import {
  HttpError,
  type HttpEvent,
  type HttpResult,
  httpErrors,
  json,
  jsonText,
  parseJson,
  parseOr400,
} from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';

/** Wrong codes one address may try per window before it is refused. */
export const maxWrongCodesPerWindow = 10;
/** Must match the window of the counter built in the composition root. */
export const wrongCodeWindowSeconds = 900;

const lookupSchema = z.object({
  trackingNumber: z.string().check(z.regex(/^[A-Z0-9]{6,32}$/, 'expected a tracking number')),
  code: z.string().check(z.regex(/^\d{6}$/, 'expected the 6-digit query code')),
});

const evaluationSchema = z.object({
  code: z.string().check(z.regex(/^\d{6}$/, 'expected the 6-digit query code')),
  rating: z.enum(ratings),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(2_000))),
});

const reviewRequestSchema = z.object({
  code: z.string().check(z.regex(/^\d{6}$/, 'expected the 6-digit query code')),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2_000)),
});

const notFound = () => new HttpError(404, 'not_found', 'no case with that tracking number and query code');

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createPublicApi(deps: Dependencies) {
  const wrongCodes = deps.wrongQueryCodes;
  const unitName = (id: string) => deps.province.directory.findUnit(id)?.name ?? id;
  const commit = caseCommitter(deps);

  /** The case, if the code is right for it; counts and throttles wrong codes per address. */
  async function authorised(event: HttpEvent, trackingNumber: string, code: string): Promise<Case> {
    const address = event.requestContext.http.sourceIp;
    const nowMs = Date.parse(deps.wallClock.now());
    if ((await wrongCodes.count(address, nowMs)) >= maxWrongCodesPerWindow) {
      throw new HttpError(
        429,
        'too_many_attempts',
        'too many wrong query codes from this address; try again later',
        undefined,
        {
          'retry-after': String(wrongCodeWindowSeconds),
        },
      );
    }
    const found = await deps.cases.get(trackingNumber);
    if (!found || !sameDigest(found.queryCodeDigest, queryCodeDigest(deps, trackingNumber, code))) {
      await wrongCodes.record(address, nowMs);
      throw notFound();
    }
    return found;
  }

  async function lookup(event: HttpEvent): Promise<HttpResult> {
    const { trackingNumber, code } = parseOr400(
      lookupSchema,
      {
        trackingNumber: event.pathParameters?.['trackingNumber'],
        code: event.queryStringParameters?.['code'],
      },
      'lookup',
    );
    const found = await authorised(event, trackingNumber, code);
    const history = await deps.cases.history(found.caseId);
    return json(200, publicView(found, history, deps.clock.now(), unitName));
  }

  /**
   * A petitioner's action on their case: the code authorises it (and counts wrong codes), the
   * command is decided as the petitioner, and the answer is the public view after it.
   */
  async function petitionerAction<S extends z.ZodMiniType<{ code: string }>>(
    event: HttpEvent,
    schema: S,
    toCommand: (c: Case, body: z.infer<S>) => CaseCommandOn,
  ): Promise<HttpResult> {
    const trackingNumber = parseOr400(
      lookupSchema.shape.trackingNumber,
      event.pathParameters?.['trackingNumber'],
      'path',
    );
    const body = parseOr400(schema, parseJson(jsonText(event)));
    const c = await authorised(event, trackingNumber, body.code);
    const outcome = decide(c, toCommand(c, body), {
      now: deps.clock.now(),
      actor: { kind: 'petitioner' },
      planner: deps.province.planner,
    });
    await commit(outcome, false);
    const history = await deps.cases.history(c.caseId);
    return json(200, publicView(outcome.case, history, deps.clock.now(), unitName));
  }

  const evaluate = (event: HttpEvent) =>
    petitionerAction(event, evaluationSchema, (c, body): CaseCommandOn => {
      if (c.stage !== 'awaiting_evaluation') throw new CommandNotAllowedInStageError(c.stage, 'evaluate');
      return {
        type: 'evaluate',
        rating: body.rating,
        via: 'web',
        ...(body.comment ? { comment: body.comment } : {}),
        revisitTasks: body.rating === 'dissatisfied' ? planRevisitTasks(c, deps.province.directory) : [],
      };
    });

  /** 复查 / 复核 request: review first; re-review once the review is decided. */
  const requestReview = (event: HttpEvent) =>
    petitionerAction(event, reviewRequestSchema, (c, body): CaseCommandOn => {
      const decided = c.reviews.find((r) => r.level === 'review' && r.decidedAt);
      const from = decided
        ? decided.unitId
        : (c.responsibility?.unitId ?? c.reply?.unitId ?? c.currentUnitId);
      const reviewUnitId = reviewUnitFor(from, deps.province.directory);
      return decided
        ? { type: 'requestReReview', reviewUnitId, reason: body.reason }
        : { type: 'requestReview', reviewUnitId, reason: body.reason };
    });

  const route = (event: HttpEvent): Promise<HttpResult> => {
    if (event.requestContext.http.method !== 'POST') return lookup(event);
    return event.rawPath.endsWith('/review') ? requestReview(event) : evaluate(event);
  };

  return middy<HttpEvent, HttpResult>(route).use(httpErrors(deps.logger));
}

export const handler = onLambda(createPublicApi);
