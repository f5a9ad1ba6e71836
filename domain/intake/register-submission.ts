/**
 * Registration of an accepted submission (接收登记 and 甄别): register, then screen out a
 * statutory-channel matter (诉访分离), link a repeat to its original (并单), or pass it to triage.
 *
 * The steps are resumable: each reads the stored case and acts from its stage, so a redelivered
 * queue message, or a crash between two writes, completes the work without doing any of it twice.
 */
import type { PendingSubmission } from '../../events/submissions.js';
import { CaseAlreadyExistsError, StaleCaseVersionError } from '../case/errors.js';
import type { Actor, Case } from '../case/model.js';
import { endStages } from '../case/model.js';
import type { CaseRepository } from '../case/repository.js';
import { decide, registerCase, type TransitionContext, type TransitionOutcome } from '../case/transitions.js';
import type { DeadlinePlanner } from '../deadlines/rules.js';
import type { Clock } from '../ports.js';
import type { ProvinceDirectory } from '../province/directory.js';
import type { ProvinceConfig } from '../province/schema.js';
import { screen } from './screening.js';
import { ngramSimilarity } from './similarity.js';

export interface RegistrationPorts {
  readonly cases: CaseRepository;
  readonly clock: Clock;
  readonly planner: DeadlinePlanner;
  readonly config: ProvinceConfig;
  readonly directory: ProvinceDirectory;
  /** Stores a transition (create or save) and publishes its event. */
  readonly commit: (outcome: TransitionOutcome, isNew: boolean) => Promise<void>;
}

const intake: Actor = { kind: 'system', process: 'intake' };
const DAY_MS = 86_400_000;

/**
 * True when the matter was filed with a bureau above the level of its region (越级): the
 * province bureau for a county matter, say.
 */
export function isSkipLevel(
  directory: ProvinceDirectory,
  receivingUnitId: string,
  regionCode: string,
): boolean {
  const receiving = directory.unit(receivingUnitId);
  const rank = { province: 0, city: 1, county: 2 } as const;
  return rank[receiving.level] < rank[directory.region(regionCode).level];
}

/** The earlier open (or concluded) case of the same petitioner about the same matter, if any. */
export async function findOriginal(
  ports: Pick<RegistrationPorts, 'cases' | 'config'>,
  c: Case,
): Promise<{ original: Case; similarity: number } | undefined> {
  const since = new Date(Date.parse(c.receivedAt) - ports.config.repeat.lookbackDays * DAY_MS).toISOString();
  const earlier = (await ports.cases.byPetitioner(c.petitioner.identityKey, since)).filter(
    (s) => s.caseId !== c.caseId,
  );
  let best: { original: Case; similarity: number } | undefined;
  for (const summary of earlier) {
    // Only a matter still open, under review, or concluded by re-review makes this one a repeat.
    const open = !endStages.has(summary.stage);
    if (!open && summary.stage !== 'closed') continue;
    const candidate = await ports.cases.get(summary.caseId);
    if (!candidate || candidate.stage === 'repeat_linked') continue;
    if (candidate.stage === 'closed' && !candidate.concluded) continue;
    const similarity = ngramSimilarity(
      `${c.title}\n${c.content}`,
      `${candidate.title}\n${candidate.content}`,
      ports.config.repeat.ngramSize,
    );
    if (similarity >= ports.config.repeat.similarityThreshold && (!best || similarity > best.similarity)) {
      best = { original: candidate, similarity };
    }
  }
  return best;
}

async function ensureRegistered(
  ports: RegistrationPorts,
  submission: PendingSubmission,
  queryCodeDigest: string,
): Promise<Case> {
  const existing = await ports.cases.get(submission.trackingNumber);
  if (existing) return existing;
  const ctx: TransitionContext = { now: ports.clock.now(), actor: intake, planner: ports.planner };
  const outcome = registerCase(
    {
      type: 'register',
      caseId: submission.trackingNumber,
      trackingNumber: submission.trackingNumber,
      queryCodeDigest,
      channel: submission.channel,
      receivedAt: submission.receivedAt,
      receivingUnitId: submission.receivingUnitId,
      regionCode: submission.regionCode,
      petitioner: submission.petitioner,
      title: submission.title,
      content: submission.content,
      ...(submission.category && ports.directory.findCategory(submission.category)
        ? { categoryId: submission.category }
        : {}),
      skipLevel: isSkipLevel(ports.directory, submission.receivingUnitId, submission.regionCode),
    },
    ctx,
  );
  try {
    await ports.commit(outcome, true);
    return outcome.case;
  } catch (error) {
    if (!(error instanceof CaseAlreadyExistsError)) throw error;
    const stored = await ports.cases.get(submission.trackingNumber);
    if (!stored) throw error;
    return stored;
  }
}

/** Registers and screens a submission; returns the case as it stands afterwards. */
export async function registerSubmission(
  ports: RegistrationPorts,
  submission: PendingSubmission,
  queryCodeDigest: string,
): Promise<Case> {
  let c = await ensureRegistered(ports, submission, queryCodeDigest);
  if (c.stage === 'registered') c = await screenRegistered(ports, c);
  c = await holdLateRegistrationAccountable(ports, c);
  // Checked on every delivery, so a crash after the link still records the trigger on a retry.
  if (c.stage === 'repeat_linked' && c.skipLevel && c.repeatOf) await holdFirstHandlingAccountable(ports, c);
  return c;
}

async function screenRegistered(ports: RegistrationPorts, registered: Case): Promise<Case> {
  let c = registered;
  const ctx: TransitionContext = { now: ports.clock.now(), actor: intake, planner: ports.planner };
  const screened = screen(`${c.title}\n${c.content}`, ports.config.screening);
  let outcome: TransitionOutcome;
  if (screened) {
    outcome = decide(
      c,
      { type: 'screenOut', channel: screened.channel, ruleId: screened.ruleId, guidance: screened.guidance },
      ctx,
    );
  } else {
    const repeat = await findOriginal(ports, c);
    outcome = repeat
      ? decide(
          c,
          {
            type: 'linkRepeat',
            originalCaseId: repeat.original.caseId,
            similarity: Number(repeat.similarity.toFixed(3)),
          },
          ctx,
        )
      : decide(c, { type: 'passScreening' }, ctx);
  }
  try {
    await ports.commit(outcome, false);
    c = outcome.case;
  } catch (error) {
    // Another delivery of the same message got there first; its result stands.
    if (!(error instanceof StaleCaseVersionError)) throw error;
    c = (await ports.cases.get(c.caseId)) ?? c;
  }
  return c;
}

/**
 * Seed §四(四): not registering promptly (信息不录入) is an accountability trigger. A matter
 * registered more than the province's grace period after it was received opens a record against
 * the receiving bureau, proposed by the bureau above it. Its id is fixed, so it opens once.
 */
async function holdLateRegistrationAccountable(ports: RegistrationPorts, c: Case): Promise<Case> {
  const graceMs = ports.config.escalation.registrationGraceDays * DAY_MS;
  const late = Date.parse(c.registeredAt) - Date.parse(c.receivedAt) > graceMs;
  if (!late || c.accountabilities.some((a) => a.accountabilityId === 'acc-registration')) return c;
  const proposer =
    ports.directory.supervisingBureau(c.receivingUnitId) ?? ports.directory.unit(c.receivingUnitId);
  const outcome = decide(
    c,
    {
      type: 'openAccountability',
      accountabilityId: 'acc-registration',
      trigger: 'registration_late',
      incidentAt: c.registeredAt,
      responsibleUnitId: c.receivingUnitId,
      proposingUnitId: proposer.id,
      reason: `收到信访事项后未及时登记：${c.receivedAt} 收到，${c.registeredAt} 登记`,
    },
    { now: ports.clock.now(), actor: intake, planner: ports.planner },
  );
  try {
    await ports.commit(outcome, false);
    return outcome.case;
  } catch (error) {
    if (!(error instanceof StaleCaseVersionError)) throw error;
    throw new Error(`case ${c.caseId} changed while recording late registration; retry`, { cause: error });
  }
}

/** Why the first handling of a case failed, as the data shows it, or undefined. */
export function firstHandlingFailure(original: Case): string | undefined {
  if (original.verification?.finding === 'organ_failure')
    return `核查认定首办单位${original.verification.failureKind ?? ''}`;
  const overdue = original.deadlines.find((d) => d.kind === 'obligation' && d.overdueAt !== undefined);
  if (overdue) return `首办环节超期（${overdue.key}）`;
  if (
    original.evaluation &&
    original.evaluation.rating !== 'satisfied' &&
    original.evaluation.rating !== 'basically_satisfied'
  ) {
    return '首办答复信访人不满意或未评价';
  }
  return undefined;
}

/**
 * Seed §四(四): a skip-level petition (越级访) that follows a failed first handling below is an
 * accountability trigger. The record goes on the original case, against its first-handling unit,
 * with the skip-level petition as the incident. Its id is derived, so a redelivery adds nothing.
 */
async function holdFirstHandlingAccountable(ports: RegistrationPorts, repeat: Case): Promise<void> {
  const original = await ports.cases.get(repeat.repeatOf!);
  if (!original) return;
  const failure = firstHandlingFailure(original);
  const accountabilityId = `acc-skip-${repeat.caseId}`;
  if (!failure || original.accountabilities.some((a) => a.accountabilityId === accountabilityId)) return;
  const responsibleUnitId = original.responsibility?.unitId ?? original.currentUnitId;
  const outcome = decide(
    original,
    {
      type: 'openAccountability',
      accountabilityId,
      trigger: 'skip_level_after_failure',
      incidentAt: repeat.receivedAt,
      responsibleUnitId,
      proposingUnitId: repeat.receivingUnitId,
      reason: `${failure}，信访人越级反映（${repeat.trackingNumber}）`,
    },
    { now: ports.clock.now(), actor: intake, planner: ports.planner },
  );
  try {
    await ports.commit(outcome, false);
  } catch (error) {
    if (!(error instanceof StaleCaseVersionError)) throw error;
    throw new Error(`case ${original.caseId} changed while recording the skip-level trigger; retry`, {
      cause: error,
    });
  }
}
