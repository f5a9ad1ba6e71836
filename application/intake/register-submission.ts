/**
 * Registration of an accepted submission (接收登记 and 甄别), as the intake queue delivers it:
 * register and, in the same write, screen out a statutory-channel matter (诉访分离), link a repeat
 * to its original (并单), or pass it to triage, and mark the submission registered; then hold a
 * skip-level repeat after a failed first handling to account and send the receipt SMS. A late registration is flagged for the
 * supervising bureau (staff alerts), not held to account by itself.
 *
 * Every step reads the stored state and acts from it, so a redelivered message, or a crash between
 * two writes, completes the work without doing any of it twice.
 */

import type { CaseCommandOn } from '../../domain/case/commands.js';
import type { Actor, Case } from '../../domain/case/model.js';
import { endStages } from '../../domain/case/model.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import { firstHandlingFailure, isLateRegistration, isSkipLevel } from '../../domain/intake/register-rules.js';
import { screen } from '../../domain/intake/screening.js';
import { ngramSimilarity } from '../../domain/intake/similarity.js';
import { receiptSms } from '../../domain/notifications/sms-texts.js';
import type { IntakeMessage } from '../../events/submissions.js';
import { CommandExecutor, type CommandExecutorPorts } from '../command-executor.js';
import { queueSms } from '../notifications/queue-sms.js';
import type {
  MessageQueue,
  PersonalData,
  ProvinceContext,
  StoredSubmission,
  SubmissionStore,
} from '../ports.js';
import { queryCodeDigest } from './accept-submission.js';

export interface RegisterSubmissionPorts extends CommandExecutorPorts {
  readonly cases: CommandExecutorPorts['cases'] & Pick<CaseRepository, 'byPetitioner'>;
  readonly submissions: Pick<SubmissionStore, 'get' | 'markRegistered'>;
  readonly province: ProvinceContext;
  readonly personalData: Pick<PersonalData, 'open' | 'seal' | 'lookupKey'>;
  readonly queue: MessageQueue;
  /** Where petitioners look their case up (in the receipt SMS). */
  readonly publicBaseUrl: string;
}

const intake: Actor = { kind: 'system', process: 'intake' };
const DAY_MS = 86_400_000;

/**
 * Registers the submission a message refers to: registration, screening and the submission's
 * own mark in one write. A redelivery of a registered submission only finishes what follows the
 * write (the accountability record and the receipt SMS, both idempotent).
 */
export async function registerSubmission(
  ports: RegisterSubmissionPorts,
  message: IntakeMessage,
): Promise<void> {
  const submission = await ports.submissions.get(message.channel, message.submissionId);
  if (!submission) throw new Error(`no stored submission ${message.channel}/${message.submissionId}`);
  const executor = new CommandExecutor(ports);
  const queryCode = await ports.personalData.open(submission.sealedQueryCode);
  const c =
    submission.status === 'registered'
      ? await ports.cases.get(submission.trackingNumber)
      : await registerAndScreen(ports, executor, submission, queryCode);
  if (!c) throw new Error(`submission ${submission.trackingNumber} is marked registered but has no case`);
  // Checked on every delivery, so a crash after the link still records the trigger on a retry.
  if (c.stage === 'repeat_linked' && c.skipLevel && c.repeatOf)
    await holdFirstHandlingAccountable(executor, c);
  if (submission.petitioner.sealedContact && submission.petitioner.maskedPhone) {
    await queueSms(ports, {
      messageId: `receipt:${c.trackingNumber}`,
      caseId: c.caseId,
      sealedContact: submission.petitioner.sealedContact,
      sms: receiptSms(ports.province.config.sms, c, queryCode, ports.publicBaseUrl),
    });
  }
}

/**
 * Registers and screens in one write, the submission marked registered with them. A case already
 * stored under the tracking number (left by an earlier version that wrote these steps apart) is
 * screened if it still needs to be, and the submission marked on its own.
 */
async function registerAndScreen(
  ports: RegisterSubmissionPorts,
  executor: CommandExecutor,
  submission: StoredSubmission,
  queryCode: string,
): Promise<Case> {
  const { directory } = ports.province;
  const screening = await screeningOf(ports, {
    caseId: submission.trackingNumber,
    identityKey: submission.petitioner.identityKey,
    receivedAt: submission.receivedAt,
    text: `${submission.title}\n${submission.content}`,
  });
  const { case: registered, created } = await executor.register(
    {
      type: 'register',
      caseId: submission.trackingNumber,
      trackingNumber: submission.trackingNumber,
      queryCodeDigest: queryCodeDigest(ports.personalData, submission.trackingNumber, queryCode),
      channel: submission.channel,
      receivedAt: submission.receivedAt,
      receivingUnitId: submission.receivingUnitId,
      regionCode: submission.regionCode,
      petitioner: submission.petitioner,
      title: submission.title,
      content: submission.content,
      attachments: submission.attachments,
      ...(submission.category && directory.findCategory(submission.category)
        ? { categoryId: submission.category }
        : {}),
      skipLevel: isSkipLevel(directory, submission.receivingUnitId, submission.regionCode),
      registeredLate: isLateRegistration(
        submission.receivedAt,
        ports.clock.now(),
        ports.province.config.escalation.registrationGraceDays,
      ),
    },
    intake,
    {
      decideNext: screening,
      registeredFrom: { channel: submission.channel, submissionId: submission.submissionId },
    },
  );
  if (created) return registered;
  const run =
    registered.stage === 'registered'
      ? await executor.run(registered, screening, { actor: intake })
      : undefined;
  await ports.submissions.markRegistered(submission.channel, submission.submissionId);
  return run?.case ?? registered;
}

/** What registration matches a matter against: the earlier cases of the same petitioner. */
interface Matter {
  readonly caseId: string;
  readonly identityKey: string;
  readonly receivedAt: string;
  readonly text: string;
}

/** The earlier open (or concluded) case of the same petitioner about the same matter, if any. */
async function findOriginal(
  ports: Pick<RegisterSubmissionPorts, 'cases' | 'province'>,
  matter: Matter,
): Promise<{ original: Case; similarity: number } | undefined> {
  const { repeat } = ports.province.config;
  const since = new Date(Date.parse(matter.receivedAt) - repeat.lookbackDays * DAY_MS).toISOString();
  const earlier = (await ports.cases.byPetitioner(matter.identityKey, since)).filter(
    (s) => s.caseId !== matter.caseId,
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
      matter.text,
      `${candidate.title}\n${candidate.content}`,
      repeat.ngramSize,
    );
    if (similarity >= repeat.similarityThreshold && (!best || similarity > best.similarity)) {
      best = { original: candidate, similarity };
    }
  }
  return best;
}

/** When a final re-review concluded the case (终结), if it did. */
function concludedAtOf(c: Case): string | undefined {
  if (!c.concluded) return undefined;
  return c.reviews.find((r) => r.level === 're_review' && r.decidedAt)?.decidedAt ?? c.closure?.at;
}

/**
 * Screening (甄别) of a registered case, as a decider: a statutory-channel matter is screened out,
 * a repeat linked to its original (or refused when that matter was concluded), anything else
 * passes to triage. Repeat detection reads other cases, so it is done once, before any decision.
 */
async function screeningOf(
  ports: RegisterSubmissionPorts,
  matter: Matter,
): Promise<(c: Case) => CaseCommandOn | undefined> {
  const screened = screen(matter.text, ports.province.config.screening);
  const repeat = screened ? undefined : await findOriginal(ports, matter);
  return (c) => {
    // Another delivery of the same message got there first: its result stands.
    if (c.stage !== 'registered') return undefined;
    if (screened)
      return {
        type: 'screenOut',
        channel: screened.channel,
        ruleId: screened.ruleId,
        guidance: screened.guidance,
      };
    const similarity = Number(repeat?.similarity.toFixed(3));
    const concludedAt = repeat && concludedAtOf(repeat.original);
    // 信访工作条例: a matter concluded by re-review is not accepted again on the same facts.
    if (repeat && concludedAt)
      return {
        type: 'refuseConcludedMatter',
        originalCaseId: repeat.original.caseId,
        originalTrackingNumber: repeat.original.trackingNumber,
        concludedAt,
        similarity,
      };
    if (repeat) return { type: 'linkRepeat', originalCaseId: repeat.original.caseId, similarity };
    return { type: 'passScreening' };
  };
}

/**
 * Seed §四(四): a skip-level petition (越级访) that follows a failed first handling below is an
 * accountability trigger. The record goes on the original case, against its first-handling unit,
 * with the skip-level petition as the incident. Its id is derived, so a redelivery adds nothing.
 */
async function holdFirstHandlingAccountable(executor: CommandExecutor, repeat: Case): Promise<void> {
  const accountabilityId = `acc-skip-${repeat.caseId}`;
  await executor.run(
    repeat.repeatOf!,
    (original) => {
      const failure = firstHandlingFailure(original);
      if (!failure || original.accountabilities.some((a) => a.accountabilityId === accountabilityId))
        return undefined;
      return {
        type: 'openAccountability',
        accountabilityId,
        trigger: 'skip_level_after_failure',
        incidentAt: repeat.receivedAt,
        responsibleUnitId: original.responsibility?.unitId ?? original.currentUnitId,
        proposingUnitId: repeat.receivingUnitId,
        reason: `${failure}，信访人越级反映（${repeat.trackingNumber}）`,
      };
    },
    { actor: intake },
  );
}
