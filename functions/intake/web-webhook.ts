/** POST /webhooks/web: signed submissions from a province's web portal (issue #4 contract). */
import { InvalidRequestError } from '../../application/errors.js';
import {
  type AcceptSubmissionPorts,
  acceptSubmission,
  normaliseMatter,
} from '../../application/intake/accept-submission.js';
import type { Clock, ProvinceContext, WebhookSecrets } from '../../application/ports.js';
import { webSubmissionSchema } from '../../events/submissions.js';
import { submissionStore } from '../adapters/dynamodb/submission-store.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import { webhookSecrets } from '../adapters/webhook-secrets.js';
import { type Env, required } from '../runtime/environment.js';
import { httpFunction, json } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import type { LocalServices } from '../runtime/local-services.js';
import { systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { provinceDirectoryOf } from '../runtime/province.js';
import { signedBody } from '../runtime/webhook-signature.js';

export interface WebWebhookPorts extends AcceptSubmissionPorts {
  readonly province: Pick<ProvinceContext, 'directory'>;
  readonly webhookSecrets: WebhookSecrets;
  readonly wallClock: Clock;
  readonly publicBaseUrl: string;
}

export function createWebWebhook(ports: WebWebhookPorts) {
  const { directory } = ports.province;
  return httpFunction(async (event) => {
    const body = await signedBody(event, 'web', webSubmissionSchema, ports);
    const matter = normaliseMatter(body, directory);
    let receivingUnitId = directory.bureauFor(body.regionCode).id;
    if (body.addressedTo !== undefined) {
      const unit = directory.findUnit(body.addressedTo);
      if (unit?.kind !== 'bureau')
        throw new InvalidRequestError([
          { field: 'addressedTo', problem: `${body.addressedTo} is not a petition bureau` },
        ]);
      receivingUnitId = unit.id;
    }
    const receipt = await acceptSubmission(ports, {
      channel: 'web',
      submissionId: body.submissionId,
      receivedAt: ports.clock.now(),
      receivingUnitId,
      ...matter,
    });
    return json(202, {
      trackingNumber: receipt.trackingNumber,
      queryCode: receipt.queryCode,
      status: 'received',
      lookupUrl: `${ports.publicBaseUrl}/public/cases/${receipt.trackingNumber}?code=${receipt.queryCode}`,
    });
  }, ports.logger);
}

export async function composeWebWebhook(env: Env, local: LocalServices = {}): Promise<WebWebhookPorts> {
  return {
    submissions: submissionStore(env),
    queue: messageQueue(env, ['intake']),
    personalData: await personalDataProtector(env),
    province: await provinceDirectoryOf(env),
    webhookSecrets: webhookSecrets(env, systemClock),
    clock: local.clock ?? systemClock,
    wallClock: systemClock,
    logger: local.logger ?? lambdaLogger('web-webhook'),
    publicBaseUrl: required(env, 'PUBLIC_BASE_URL'),
  };
}

export const handler = onLambda(() => composeWebWebhook(process.env), createWebWebhook);
