/** GET /openapi.json: the OpenAPI document of every endpoint, generated from the zod schemas. */
import type { Dependencies } from '../runtime/dependencies.js';
import { type HttpResult, json } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { openApiDocument } from './openapi-document.js';

export function createOpenApi(deps: Dependencies) {
  const document = openApiDocument(deps.environment.PUBLIC_BASE_URL);
  return async (): Promise<HttpResult> => json(200, document, { 'cache-control': 'public, max-age=300' });
}

export const handler = onLambda(createOpenApi);
