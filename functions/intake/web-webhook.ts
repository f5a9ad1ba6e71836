/** POST /webhooks/web: signed submissions from the web portal (issue #4 contract). */
import middy from '@middy/core';
import { webSubmissionSchema } from '../../events/submissions.js';
import type { Dependencies } from '../runtime/dependencies.js';
import { HttpError, type HttpEvent, type HttpResult, httpErrors, json } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { signedBody } from '../runtime/webhook-signature.js';
import { acceptSubmission, normaliseMatter } from './accept-submission.js';

function invalid(field: string, problem: string): HttpError {
  return new HttpError(400, 'invalid_request', `invalid body: ${field}: ${problem}`, [{ field, problem }]);
}

export function createWebWebhook(deps: Dependencies) {
  const { directory } = deps.province;

  const receive = async (event: HttpEvent): Promise<HttpResult> => {
    const body = await signedBody(event, 'web', webSubmissionSchema, deps);
    const matter = normaliseMatter(body, directory);
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
      ...matter,
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
