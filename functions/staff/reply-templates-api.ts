/**
 * Reply templates (答复模板): `GET /staff/reply-templates` for every staff member (the reply form
 * fills its text from them), `PUT` and `DELETE /staff/reply-templates/{outcome}/{categoryId}` for
 * the province admin. A function of its own: it touches only the templates' partition.
 */
import {
  listReplyTemplates,
  type ReplyTemplatesPorts,
  removeReplyTemplate,
  saveReplyTemplate,
} from '../../application/staff/reply-templates.js';
import { replyTemplateStore } from '../adapters/dynamodb/reply-template-store.js';
import { auditTrail } from '../runtime/audit.js';
import type { Env } from '../runtime/environment.js';
import { HttpError, httpFunction, json, jsonText, parseJson } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { provinceDirectoryOf } from '../runtime/province.js';
import { principalOf } from './principal.js';

export interface ReplyTemplatesApiPorts extends ReplyTemplatesPorts {
  readonly logger: LambdaAwareLogger;
}

export function createReplyTemplatesApi(ports: ReplyTemplatesApiPorts) {
  return httpFunction(async (event) => {
    const staff = principalOf(event, ports.province.config.staffClaims);
    const method = event.requestContext.http.method;
    const outcome = event.pathParameters?.['outcome'];
    const categoryId = event.pathParameters?.['categoryId'];
    if (method === 'GET' && !outcome)
      return json(200, await listReplyTemplates(ports, staff), { 'cache-control': 'no-store' });
    if (outcome && categoryId && method === 'PUT') {
      const body = parseJson(jsonText(event, 16 * 1024));
      return json(200, await saveReplyTemplate(ports, staff, outcome, categoryId, body));
    }
    if (outcome && categoryId && method === 'DELETE') {
      await removeReplyTemplate(ports, staff, outcome, categoryId);
      return { statusCode: 204 };
    }
    throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here`);
  }, ports.logger);
}

export async function composeReplyTemplatesApi(
  env: Env,
  local: LocalServices = {},
): Promise<ReplyTemplatesApiPorts> {
  const logger = local.logger ?? lambdaLogger('reply-templates-api');
  return {
    replyTemplates: replyTemplateStore(env),
    province: await provinceDirectoryOf(env),
    clock: local.clock ?? systemClock,
    logger,
    audit: auditTrail(logger),
  };
}

export const handler = onLambda(() => composeReplyTemplatesApi(process.env), createReplyTemplatesApi);
