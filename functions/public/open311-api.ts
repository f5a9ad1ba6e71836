/**
 * Open311 GeoReport v2 under `/open311/v2/` for partner apps: discovery, services and their
 * definitions, filing a petition (`POST requests.json`) and reading requests. Errors take the
 * specification's form, `[{"code": <status>, "description": …}]`, with the status the platform
 * maps in one place. Each partner key has its own rate limit.
 */
import { ForbiddenError, NotFoundError } from '../../application/errors.js';
import { type FileRequestPorts, fileRequest } from '../../application/open311/file-request.js';
import { type AdmitPartnerPorts, admitPartner } from '../../application/open311/partners.js';
import {
  type ReadRequestsPorts,
  requestByCode,
  requestOfPartner,
  requestsOfPartner,
} from '../../application/open311/read-requests.js';
import { discovery, serviceDefinition, serviceList } from '../../application/open311/services.js';
import { open311QuerySchema, open311RequestSchema, trackingNumberSchema } from '../../events/open311.js';
import { wrongQueryCodeCounter } from '../adapters/dynamodb/attempt-counter.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { open311Records } from '../adapters/dynamodb/open311-records.js';
import { rateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { submissionStore } from '../adapters/dynamodb/submission-store.js';
import { partnerKeys } from '../adapters/open311-partner-keys.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import { type Env, required } from '../runtime/environment.js';
import { type HttpFunctionOptions, header, httpFunction, json, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { provinceOf } from '../runtime/province.js';
import { jsonResource, open311Params } from './open311-params.js';

export type Open311ApiPorts = FileRequestPorts &
  ReadRequestsPorts &
  AdmitPartnerPorts & { readonly publicBaseUrl: string; readonly logger: LambdaAwareLogger };

/** The specification's error form: one entry per failing field, else one for the refusal. */
export const open311Errors: HttpFunctionOptions['errorBody'] = ({ statusCode, body }) =>
  body.details?.length
    ? body.details.map((d) => ({ code: statusCode, description: `${d.field}: ${d.problem}` }))
    : [{ code: statusCode, description: body.message }];

const forbidden = (message: string) => new ForbiddenError(message);

export function createOpen311Api(ports: Open311ApiPorts) {
  const { config } = ports.province;
  return httpFunction(
    async (event) => {
      const { fields, attributes } = open311Params(event);
      if (fields['jurisdiction_id'] !== undefined && fields['jurisdiction_id'] !== config.province.id)
        throw new NotFoundError(
          'jurisdiction_not_found',
          `jurisdiction_id ${fields['jurisdiction_id']} not found`,
        );
      const path = event.rawPath.slice(event.rawPath.indexOf('/open311/v2/') + '/open311/v2/'.length);
      if (path === 'discovery.json') return json(200, discovery(config, ports.publicBaseUrl));
      if (path === 'services.json') return json(200, serviceList(config));
      const params = event.pathParameters ?? {};
      if (path.startsWith('services/'))
        return json(200, serviceDefinition(config, jsonResource(params['serviceFile'], 'service_code')));
      const partner = await admitPartner(ports, fields['api_key']);
      if (event.requestContext.http.method === 'POST') {
        if (!partner) throw forbidden('api_key is required to file a request');
        const request = parseOr400(open311RequestSchema, fields);
        const filed = await fileRequest(
          ports,
          partner,
          request,
          attributes,
          header(event, 'idempotency-key'),
        );
        return json(201, [filed]);
      }
      const code = fields['code'];
      const byCode = (trackingNumber: string, given: string) =>
        requestByCode(ports, {
          trackingNumber,
          code: given,
          sourceAddress: event.requestContext.http.sourceIp,
        });
      if (path.startsWith('requests/')) {
        const id = parseOr400(
          trackingNumberSchema,
          jsonResource(params['requestFile'], 'service_request_id'),
          'path',
        );
        if (partner) return json(200, [await requestOfPartner(ports, partner, id)]);
        if (code !== undefined) return json(200, [await byCode(id, code)]);
        throw forbidden('api_key, or the request’s query code as code, is required');
      }
      const query = parseOr400(open311QuerySchema, fields, 'query');
      if (partner) return json(200, await requestsOfPartner(ports, partner, query));
      const [only, ...more] = query.service_request_id ?? [];
      if (code !== undefined && only !== undefined && more.length === 0)
        return json(200, [await byCode(only, code)]);
      throw forbidden('api_key is required (or one service_request_id with its query code as code)');
    },
    ports.logger,
    { errorBody: open311Errors },
  );
}

export async function composeOpen311Api(env: Env, local: LocalServices = {}): Promise<Open311ApiPorts> {
  return {
    cases: caseRepository(env),
    submissions: submissionStore(env),
    open311Records: open311Records(env),
    wrongQueryCodes: wrongQueryCodeCounter(env),
    limiter: rateLimiter(env),
    queue: messageQueue(env, ['intake']),
    personalData: await personalDataProtector(env),
    partnerKeys: partnerKeys(env, systemClock),
    province: await provinceOf(env),
    clock: local.clock ?? systemClock,
    wallClock: systemClock,
    publicBaseUrl: required(env, 'PUBLIC_BASE_URL'),
    logger: local.logger ?? lambdaLogger('open311'),
  };
}

export const handler = onLambda(() => composeOpen311Api(process.env), createOpen311Api);
