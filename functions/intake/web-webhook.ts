/** POST /webhooks/web: signed submissions from the web portal (issue #4 contract). */
import middy from '@middy/core';
import { normaliseIdNumber, normalisePhone, normaliseText } from '../../domain/intake/normalise.js';
import { webSubmissionSchema } from '../../events/submissions.js';
import type { Dependencies } from '../runtime/dependencies.js';
import {
  HttpError,
  type HttpEvent,
  type HttpResult,
  header,
  httpErrors,
  json,
  jsonText,
  parseJson,
  parseOr400,
} from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { verifySignature } from '../runtime/webhook-signature.js';
import { acceptSubmission } from './accept-submission.js';

function invalid(field: string, problem: string): HttpError {
  return new HttpError(400, 'invalid_request', `invalid body: ${field}: ${problem}`, [{ field, problem }]);
}

export function createWebWebhook(deps: Dependencies) {
  const { directory } = deps.province;

  const receive = async (event: HttpEvent): Promise<HttpResult> => {
    const text = jsonText(event);
    verifySignature(
      await deps.webhookSecrets.secretFor('web'),
      { timestamp: header(event, 'x-signature-timestamp'), signature: header(event, 'x-signature') },
      text,
      Date.parse(deps.wallClock.now()),
    );
    const body = parseOr400(webSubmissionSchema, parseJson(text));
    const phone = normalisePhone(body.petitioner.phone);
    if (!phone) throw invalid('petitioner.phone', 'not a mainland mobile number');
    const idNumber =
      body.petitioner.idNumber === undefined ? undefined : normaliseIdNumber(body.petitioner.idNumber);
    if (body.petitioner.idNumber !== undefined && !idNumber)
      throw invalid('petitioner.idNumber', 'not a valid 18-digit identity number');
    if (!directory.findRegion(body.regionCode))
      throw invalid(
        'regionCode',
        `unknown region ${body.regionCode} in ${deps.province.config.province.name}`,
      );
    let receivingUnitId = directory.bureauFor(body.regionCode).id;
    if (body.addressedTo !== undefined) {
      const unit = directory.findUnit(body.addressedTo);
      if (unit?.kind !== 'bureau')
        throw invalid('addressedTo', `${body.addressedTo} is not a petition bureau`);
      receivingUnitId = unit.id;
    }
    const receipt = await acceptSubmission(deps, {
      channel: 'web',
      submissionId: body.submissionId,
      receivedAt: deps.clock.now(),
      receivingUnitId,
      regionCode: body.regionCode,
      petitioner: {
        name: normaliseText(body.petitioner.name),
        phone,
        ...(idNumber ? { idNumber } : {}),
        ...(body.petitioner.address ? { address: normaliseText(body.petitioner.address) } : {}),
      },
      title: normaliseText(body.title),
      content: normaliseText(body.content),
      ...(body.category ? { category: body.category } : {}),
      ...(body.attachments ? { attachments: body.attachments } : {}),
    });
    return json(202, {
      trackingNumber: receipt.trackingNumber,
      queryCode: receipt.queryCode,
      status: 'received',
      lookupUrl: `${deps.environment.PUBLIC_BASE_URL}/public/cases/${receipt.trackingNumber}?code=${receipt.queryCode}`,
    });
  };

  return middy<HttpEvent, HttpResult>(receive).use(httpErrors(deps.logger));
}

export const handler = onLambda(createWebWebhook);
