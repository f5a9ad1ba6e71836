/** Intake queue consumer: registers accepted submissions and sends the receipt SMS. */
import { registerSubmission } from '../../domain/intake/register-submission.js';
import { intakeMessageSchema } from '../../events/submissions.js';
import { receiptText } from '../notifications/texts.js';
import { caseCommitter } from '../runtime/case-commit.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { onLambda } from '../runtime/lambda.js';
import { sqsConsumer } from '../runtime/sqs.js';
import { queryCodeDigest } from './accept-submission.js';

export function createIntakeConsumer(deps: Dependencies) {
  const ports = {
    cases: deps.cases,
    clock: deps.clock,
    planner: deps.province.planner,
    config: deps.province.config,
    directory: deps.province.directory,
    commit: caseCommitter(deps),
  };
  return sqsConsumer(
    'intake',
    intakeMessageSchema,
    async (message) => {
      const submission = await deps.submissions.get(message.channel, message.submissionId);
      if (!submission) throw new Error(`no stored submission ${message.channel}/${message.submissionId}`);
      if (submission.status === 'registered') return;
      const queryCode = await deps.personalData.open(submission.sealedQueryCode);
      const registered = await registerSubmission(
        ports,
        submission,
        queryCodeDigest(deps, submission.trackingNumber, queryCode),
      );
      if (submission.petitioner.sealedContact) {
        const contact = JSON.parse(await deps.personalData.open(submission.petitioner.sealedContact)) as {
          phone?: string;
        };
        if (contact.phone) {
          await deps.sms.send({
            messageId: `receipt:${registered.trackingNumber}`,
            to: contact.phone,
            caseId: registered.caseId,
            text: receiptText(registered, queryCode, deps.environment.PUBLIC_BASE_URL),
          });
        }
      }
      await deps.submissions.markRegistered(message.channel, message.submissionId);
    },
    deps.logger,
  );
}

export const handler = onLambda(createIntakeConsumer);
