/**
 * POST /webhooks/sms: inbound SMS (issue #4 contract). A rating reply rates the sender's case that
 * awaits evaluation; "查询 <trackingNumber>" answers its status by SMS; anything else is a new
 * petition through the same intake pipeline as the web.
 */
import middy from '@middy/core';
import { CommandNotAllowedInStageError, GuardFailedError } from '../../domain/case/errors.js';
import { stageLabels } from '../../domain/case/public-view.js';
import { planRevisitTasks } from '../../domain/case/revisit-plan.js';
import { decide } from '../../domain/case/transitions.js';
import { normalisePhone, normaliseText } from '../../domain/intake/normalise.js';
import { classifySms } from '../../domain/intake/sms.js';
import { smsMessageSchema } from '../../events/submissions.js';
import { smsSignature } from '../notifications/texts.js';
import { caseCommitter } from '../runtime/case-commit.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { HttpError, type HttpEvent, type HttpResult, httpErrors, json } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { signedBody } from '../runtime/webhook-signature.js';
import { acceptSubmission } from './accept-submission.js';

const YEAR_MS = 365 * 86_400_000;

export function createSmsWebhook(deps: Dependencies) {
  const { config, directory, planner } = deps.province;
  const commit = caseCommitter(deps);
  const reply = (messageId: string, to: string, text: string, caseId?: string) =>
    deps.sms.send({
      messageId: `reply:${messageId}`,
      to,
      text: `${smsSignature}${text}`,
      ...(caseId ? { caseId } : {}),
    });

  async function rate(
    messageId: string,
    phone: string,
    rating: Parameters<typeof classifySms>[1][string],
  ): Promise<string> {
    const phoneKey = deps.personalData.lookupKey('phone', phone);
    const since = new Date(Date.parse(deps.clock.now()) - YEAR_MS).toISOString();
    const awaiting = (await deps.cases.byPhone(phoneKey, since)).filter(
      (s) => s.stage === 'awaiting_evaluation',
    );
    const newest = awaiting.at(-1);
    if (!newest) {
      await reply(messageId, phone, '您没有待评价的信访事项。');
      return 'no_case_awaiting_evaluation';
    }
    const c = await deps.cases.get(newest.caseId);
    if (!c) return 'no_case_awaiting_evaluation';
    try {
      const outcome = decide(
        c,
        {
          type: 'evaluate',
          rating,
          via: 'sms',
          revisitTasks: rating === 'dissatisfied' ? planRevisitTasks(c, directory) : [],
        },
        { now: deps.clock.now(), actor: { kind: 'petitioner' }, planner },
      );
      await commit(outcome, false);
    } catch (error) {
      if (!(error instanceof GuardFailedError || error instanceof CommandNotAllowedInStageError)) throw error;
      await reply(messageId, phone, `事项${c.trackingNumber}无法评价：${error.message}`, c.caseId);
      return 'refused';
    }
    await reply(messageId, phone, `感谢您对事项${c.trackingNumber}的评价。`, c.caseId);
    return 'rated';
  }

  async function status(messageId: string, phone: string, trackingNumber: string): Promise<void> {
    const c = await deps.cases.get(trackingNumber);
    // Only the phone the case was filed from learns its status: nothing leaks to other numbers.
    if (!c || c.petitioner.phoneKey !== deps.personalData.lookupKey('phone', phone)) {
      await reply(messageId, phone, `未找到与本手机号关联的事项${trackingNumber}。`);
      return;
    }
    await reply(messageId, phone, `事项${c.trackingNumber}当前状态：${stageLabels[c.stage]}。`, c.caseId);
  }

  const receive = async (event: HttpEvent): Promise<HttpResult> => {
    const body = await signedBody(event, 'sms', smsMessageSchema, deps);
    const phone = normalisePhone(body.from);
    if (!phone)
      throw new HttpError(400, 'invalid_request', 'invalid body: from: not a mainland mobile number', [
        { field: 'from', problem: 'not a mainland mobile number' },
      ]);
    const intent = classifySms(body.text, config.evaluation.smsReplyCodes);
    if (intent.kind === 'rating')
      return json(202, {
        messageId: body.messageId,
        kind: intent.kind,
        result: await rate(body.messageId, phone, intent.rating),
      });
    if (intent.kind === 'status_query') {
      await status(body.messageId, phone, intent.trackingNumber);
      return json(202, { messageId: body.messageId, kind: intent.kind });
    }
    const content = normaliseText(intent.text);
    const receipt = await acceptSubmission(deps, {
      channel: 'sms',
      submissionId: body.messageId,
      receivedAt: new Date(Date.parse(body.receivedAt)).toISOString(),
      // An SMS names no region: the provincial bureau receives it and triage places it.
      receivingUnitId: directory.bureauFor(config.province.regionCode).id,
      regionCode: config.province.regionCode,
      petitioner: { name: '短信信访人', phone },
      title: content.slice(0, 30),
      content,
    });
    return json(202, {
      messageId: body.messageId,
      kind: intent.kind,
      trackingNumber: receipt.trackingNumber,
    });
  };

  return middy<HttpEvent, HttpResult>(receive).use(httpErrors(deps.logger));
}

export const handler = onLambda(createSmsWebhook);
