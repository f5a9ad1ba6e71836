/**
 * The petitioner's endpoints: `GET /public/cases/{trackingNumber}?code=` (the public view),
 * `POST …/evaluation` (the rating) and `POST …/review` (复查 / 复核). The tracking number and query
 * code are the only credentials; guessing is throttled per address.
 */

import {
  lookUpCase,
  type PetitionerAccessPorts,
  type PetitionerCredentials,
  rateReply,
  requestReview,
} from '../../application/public/petitioner-access.js';
import {
  evaluationSchema,
  lookupSchema,
  reviewRequestSchema,
  trackingNumberSchema,
} from '../../events/public-cases.js';
import { wrongQueryCodeCounter } from '../adapters/dynamodb/attempt-counter.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import type { Env } from '../runtime/environment.js';
import { type HttpEvent, httpFunction, json, jsonText, parseJson, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { lambdaLogger } from '../runtime/logger.js';
import { provinceOf } from '../runtime/province.js';

export type PublicApiPorts = PetitionerAccessPorts;

export function createPublicApi(ports: PublicApiPorts) {
  const credentials = (event: HttpEvent, given: string): PetitionerCredentials => ({
    trackingNumber: String(event.pathParameters?.['trackingNumber']),
    code: given,
    sourceAddress: event.requestContext.http.sourceIp,
  });
  return httpFunction(async (event) => {
    if (event.requestContext.http.method !== 'POST') {
      const query = parseOr400(
        lookupSchema,
        {
          trackingNumber: event.pathParameters?.['trackingNumber'],
          code: event.queryStringParameters?.['code'],
        },
        'lookup',
      );
      return json(200, await lookUpCase(ports, credentials(event, query.code)));
    }
    parseOr400(trackingNumberSchema, event.pathParameters?.['trackingNumber'], 'path');
    if (event.rawPath.endsWith('/review')) {
      const body = parseOr400(reviewRequestSchema, parseJson(jsonText(event)));
      return json(200, await requestReview(ports, credentials(event, body.code), body.reason));
    }
    const body = parseOr400(evaluationSchema, parseJson(jsonText(event)));
    return json(200, await rateReply(ports, credentials(event, body.code), body));
  }, ports.logger);
}

export async function composePublicApi(env: Env, local: LocalServices = {}): Promise<PublicApiPorts> {
  return {
    cases: caseRepository(env),
    wrongQueryCodes: wrongQueryCodeCounter(env),
    personalData: await personalDataProtector(env),
    province: await provinceOf(env),
    clock: local.clock ?? systemClock,
    wallClock: systemClock,
    logger: local.logger ?? lambdaLogger('public-api'),
  };
}

export const handler = onLambda(() => composePublicApi(process.env), createPublicApi);
