/**
 * What a petitioner does with the tracking number and query code they were given: look the case
 * up, rate the reply, ask for review or re-review. A wrong code answers exactly like an unknown
 * number; wrong codes are limited per address and per case (the province's `publicAccess`).
 */
import { timingSafeEqual } from 'node:crypto';
import type { CaseCommandOn } from '../../domain/case/commands.js';
import { ratingRefusal } from '../../domain/case/lifecycle/after-reply.js';
import type { Case, Rating } from '../../domain/case/model.js';
import { type PublicView, publicView } from '../../domain/case/public-view.js';
import type { AtLeastVersion, CaseRepository } from '../../domain/case/repository.js';
import { reviewUnitFor } from '../../domain/case/review-unit.js';
import { planRevisitTasks } from '../../domain/case/revisit-plan.js';
import { CommandExecutor, type CommandExecutorPorts, type Execution } from '../command-executor.js';
import { NotFoundError, TooManyAttemptsError } from '../errors.js';
import { queryCodeDigest } from '../intake/accept-submission.js';
import type { AttemptCounter, Clock, PersonalData, ProvinceContext } from '../ports.js';

export interface PetitionerAccessPorts extends CommandExecutorPorts {
  readonly cases: CommandExecutorPorts['cases'] & Pick<CaseRepository, 'history'>;
  readonly wrongQueryCodes: AttemptCounter;
  readonly personalData: Pick<PersonalData, 'lookupKey'>;
  readonly province: ProvinceContext;
  /** Real time, for throttling: it must not follow a simulated business clock. */
  readonly wallClock: Clock;
}

/** Who is asking: the case's keys and the address the request came from. */
export interface PetitionerCredentials {
  readonly trackingNumber: string;
  readonly code: string;
  readonly sourceAddress: string;
}

const notFound = () => new NotFoundError('not_found', 'no case with that tracking number and query code');

function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** What checking a query code needs. */
export type QueryCodeCheckPorts = Pick<
  PetitionerAccessPorts,
  'wrongQueryCodes' | 'personalData' | 'wallClock'
> & {
  readonly cases: Pick<CaseRepository, 'get'>;
  readonly province: { readonly config: Pick<ProvinceContext['config'], 'publicAccess'> };
};

/**
 * The case, if the code is right for it. Every check of a code first takes one attempt from the
 * address's and from the case's budget of wrong codes (atomically, so parallel guesses cannot
 * together pass a limit); a right code gives both back, so only wrong codes use them up. When
 * either budget is spent the code is not checked at all: 429 with Retry-After.
 */
export async function authorised(
  ports: QueryCodeCheckPorts,
  who: PetitionerCredentials,
  /** A copy at least this new may serve (an eventually consistent read: half the read units). */
  atLeast?: AtLeastVersion,
): Promise<Case> {
  const nowMs = Date.parse(ports.wallClock.now());
  const { wrongCodesPerAddress, wrongCodesPerCase } = ports.province.config.publicAccess;
  const byAddress = { key: `address:${who.sourceAddress}`, limit: wrongCodesPerAddress };
  const byCase = { key: `case:${who.trackingNumber}`, limit: wrongCodesPerCase };
  const address = await ports.wrongQueryCodes.take(byAddress.key, byAddress.limit, nowMs);
  if (!address.allowed)
    throw new TooManyAttemptsError(
      'too many wrong query codes from this address; try again later',
      address.retryAfterSeconds,
    );
  const onCase = await ports.wrongQueryCodes.take(byCase.key, byCase.limit, nowMs);
  if (!onCase.allowed) {
    await ports.wrongQueryCodes.giveBack(byAddress.key, byAddress.limit, nowMs);
    throw new TooManyAttemptsError(
      'too many wrong query codes for this tracking number; try again later',
      onCase.retryAfterSeconds,
    );
  }
  const found = await ports.cases.get(who.trackingNumber, atLeast);
  const expected = queryCodeDigest(ports.personalData, who.trackingNumber, who.code);
  if (!found || !sameDigest(found.queryCodeDigest, expected)) throw notFound();
  await Promise.all([
    ports.wrongQueryCodes.giveBack(byAddress.key, byAddress.limit, nowMs),
    ports.wrongQueryCodes.giveBack(byCase.key, byCase.limit, nowMs),
  ]);
  return found;
}

async function viewOf(ports: PetitionerAccessPorts, c: Case, written?: Execution): Promise<PublicView> {
  const { directory } = ports.province;
  // After a command: the lines just written, and the earlier ones read eventually consistent.
  const history = written
    ? await ports.cases.history(c.caseId, {
        version: c.version,
        known: written.outcomes.map((o) => o.history),
      })
    : await ports.cases.history(c.caseId);
  return publicView(c, history, ports.clock.now(), (id) => directory.findUnit(id)?.name ?? id);
}

/** The public view of the case (全程公开: stage, who handles it, deadlines, public timeline). */
export async function lookUpCase(
  ports: PetitionerAccessPorts,
  who: PetitionerCredentials,
): Promise<PublicView> {
  return viewOf(ports, await authorised(ports, who));
}

/**
 * Decides a command as the petitioner on their case, and answers with the public view after it.
 * The query code is checked on a copy of the case (it never changes); the command is decided on
 * it too, and again on the case read consistently if that copy was refused or was stale.
 */
async function actAsPetitioner(
  ports: PetitionerAccessPorts,
  who: PetitionerCredentials,
  command: (c: Case, now: string) => CaseCommandOn,
): Promise<PublicView> {
  const c = await authorised(ports, who, { atLeastVersion: 0 });
  const run = await new CommandExecutor(ports).run(c, command, {
    actor: { kind: 'petitioner' },
    targetMayBeStale: true,
  });
  return run ? viewOf(ports, run.case, run) : viewOf(ports, c);
}

/** 满意度评价 of the reply. */
export async function rateReply(
  ports: PetitionerAccessPorts,
  who: PetitionerCredentials,
  rating: { readonly rating: Rating; readonly comment?: string | undefined },
): Promise<PublicView> {
  return actAsPetitioner(ports, who, (c, now) => {
    const refusal = ratingRefusal(c, now);
    if (refusal) throw refusal;
    return {
      type: 'evaluate',
      rating: rating.rating,
      via: 'web',
      ...(rating.comment ? { comment: rating.comment } : {}),
      revisitTasks: rating.rating === 'dissatisfied' ? planRevisitTasks(c, ports.province.directory) : [],
    };
  });
}

/** 复查 request, or 复核 once the review is decided; it goes one level up from who decided. */
export async function requestReview(
  ports: PetitionerAccessPorts,
  who: PetitionerCredentials,
  reason: string,
): Promise<PublicView> {
  return actAsPetitioner(ports, who, (c) => {
    const decided = c.reviews.find((r) => r.level === 'review' && r.decidedAt);
    const from = decided ? decided.unitId : (c.responsibility?.unitId ?? c.reply?.unitId ?? c.currentUnitId);
    const reviewUnitId = reviewUnitFor(from, ports.province.directory);
    return decided
      ? { type: 'requestReReview', reviewUnitId, reason }
      : { type: 'requestReview', reviewUnitId, reason };
  });
}
