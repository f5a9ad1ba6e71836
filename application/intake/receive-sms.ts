/**
 * An inbound SMS (issue #4 contract): a rating reply rates the sender's case that awaits
 * evaluation; "查询 <trackingNumber>" answers its status; anything else is a new petition through
 * the same intake pipeline as the web. Replies go out through the SMS queue, not synchronously.
 */
import {
  CommandNotAllowedInStageError,
  GuardFailedError,
  WindowClosedError,
} from '../../domain/case/errors.js';
import { ratingRefusal } from '../../domain/case/lifecycle/after-reply.js';
import type { Rating } from '../../domain/case/model.js';
import { stageLabels } from '../../domain/case/public-view.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import { planRevisitTasks } from '../../domain/case/revisit-plan.js';
import { cleanText, hasVisibleText } from '../../domain/intake/normalise.js';
import { receiptTimeProblem } from '../../domain/intake/register-rules.js';
import { classifySms } from '../../domain/intake/sms.js';
import { type SmsKind, type SmsParams, smsFromTemplate } from '../../domain/notifications/sms-templates.js';
import { beijingTime } from '../../domain/notifications/staff-alerts.js';
import { CommandExecutor, type CommandExecutorPorts } from '../command-executor.js';
import { InvalidRequestError } from '../errors.js';
import { queueSms, sealPhone } from '../notifications/queue-sms.js';
import type { MessageQueue, PersonalData, ProvinceContext } from '../ports.js';
import { type AcceptSubmissionPorts, acceptSubmission } from './accept-submission.js';

export interface ReceiveSmsPorts extends CommandExecutorPorts, AcceptSubmissionPorts {
  readonly cases: CommandExecutorPorts['cases'] & Pick<CaseRepository, 'byPhone'>;
  readonly province: ProvinceContext;
  readonly personalData: Pick<PersonalData, 'seal' | 'open' | 'lookupKey'>;
  readonly queue: MessageQueue;
}

export interface InboundSms {
  readonly messageId: string;
  /** The sender's mainland mobile number, normalised. */
  readonly phone: string;
  readonly text: string;
  readonly receivedAt: string;
}

export type SmsOutcome =
  | { readonly kind: 'rating'; readonly result: 'rated' | 'refused' | 'no_case_awaiting_evaluation' }
  | { readonly kind: 'status_query' }
  /** Nothing but whitespace or invisible characters: the sender is asked for the matter. */
  | { readonly kind: 'empty' }
  | { readonly kind: 'petition'; readonly trackingNumber: string };

const YEAR_MS = 365 * 86_400_000;

/** Queues the reply of `kind` to the sender, rendered from the province's template. */
type Reply = <K extends SmsKind>(kind: K, params: SmsParams<K>, caseId?: string) => Promise<void>;

export async function receiveSms(ports: ReceiveSmsPorts, sms: InboundSms): Promise<SmsOutcome> {
  const { config, directory } = ports.province;
  const reply: Reply = async (kind, params, caseId) =>
    queueSms(ports, {
      messageId: `reply:${sms.messageId}`,
      ...(caseId ? { caseId } : {}),
      sealedContact: await sealPhone(ports, sms.phone),
      sms: smsFromTemplate(config.sms, kind, params),
    });

  const problem = receiptTimeProblem(sms.receivedAt, ports.clock.now(), {
    aheadHours: config.intake.maxClockSkewHours,
    backDays: config.intake.smsMaxDelayDays,
  });
  if (problem) throw new InvalidRequestError([{ field: 'receivedAt', problem }]);
  const intent = classifySms(sms.text, config.evaluation.smsReplyCodes);
  if (intent.kind === 'rating')
    return { kind: 'rating', result: await rate(ports, sms, intent.rating, reply) };
  if (intent.kind === 'status_query') {
    const c = await ports.cases.get(intent.trackingNumber);
    // Only the phone the case was filed from learns its status: nothing leaks to other numbers.
    if (!c || c.petitioner.phoneKey !== ports.personalData.lookupKey('phone', sms.phone))
      await reply('status_not_found', { trackingNumber: intent.trackingNumber });
    else await reply('status', { trackingNumber: c.trackingNumber, stage: stageLabels[c.stage] }, c.caseId);
    return { kind: 'status_query' };
  }
  if (!hasVisibleText(intent.text)) {
    await reply('empty_petition', {});
    return { kind: 'empty' };
  }
  const content = cleanText(intent.text);
  const receipt = await acceptSubmission(ports, {
    channel: 'sms',
    submissionId: sms.messageId,
    receivedAt: sms.receivedAt,
    // An SMS names no region: the provincial bureau receives it and triage places it.
    receivingUnitId: directory.bureauFor(config.province.regionCode).id,
    regionCode: config.province.regionCode,
    petitioner: { name: '短信信访人', phone: sms.phone },
    title: content.slice(0, 30),
    content,
  });
  return { kind: 'petition', trackingNumber: receipt.trackingNumber };
}

async function rate(
  ports: ReceiveSmsPorts,
  sms: InboundSms,
  rating: Rating,
  reply: Reply,
): Promise<'rated' | 'refused' | 'no_case_awaiting_evaluation'> {
  const phoneKey = ports.personalData.lookupKey('phone', sms.phone);
  const since = new Date(Date.parse(ports.clock.now()) - YEAR_MS).toISOString();
  const cases = await ports.cases.byPhone(phoneKey, since);
  const newest = cases.filter((s) => s.stage === 'awaiting_evaluation').at(-1);
  const c = newest ? await ports.cases.get(newest.caseId) : undefined;
  if (!c) {
    // A rating that comes too late is told when the window closed, not that there is nothing to rate.
    const last = cases.at(-1) && (await ports.cases.get(cases.at(-1)!.caseId));
    const late = last ? ratingRefusal(last, ports.clock.now()) : undefined;
    if (last && late instanceof WindowClosedError && late.closedAt) {
      await reply(
        'rating_window_closed',
        { trackingNumber: last.trackingNumber, closedAt: beijingTime(late.closedAt) },
        last.caseId,
      );
      return 'refused';
    }
    await reply('no_case_awaiting_evaluation', {});
    return 'no_case_awaiting_evaluation';
  }
  try {
    await new CommandExecutor(ports).run(
      c,
      (current) => ({
        type: 'evaluate',
        rating,
        via: 'sms',
        revisitTasks: rating === 'dissatisfied' ? planRevisitTasks(current, ports.province.directory) : [],
      }),
      { actor: { kind: 'petitioner' } },
    );
  } catch (error) {
    if (!(error instanceof GuardFailedError || error instanceof CommandNotAllowedInStageError)) throw error;
    await reply('rating_refused', { trackingNumber: c.trackingNumber, reason: error.message }, c.caseId);
    return 'refused';
  }
  await reply('rating_thanks', { trackingNumber: c.trackingNumber }, c.caseId);
  return 'rated';
}
