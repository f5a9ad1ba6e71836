/** GET /openapi.json: the OpenAPI document of every endpoint, generated from the schemas. */
import { type Env, required } from '../runtime/environment.js';
import { httpFunction, json } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import type { LocalServices } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { openApiDocument } from './openapi-document.js';

export interface OpenApiPorts {
  readonly publicBaseUrl: string;
  readonly logger: LambdaAwareLogger;
}

export function createOpenApi(ports: OpenApiPorts) {
  const document = openApiDocument(ports.publicBaseUrl);
  return httpFunction(
    async () => json(200, document, { 'cache-control': 'public, max-age=300' }),
    ports.logger,
  );
}

export async function composeOpenApi(env: Env, local: LocalServices = {}): Promise<OpenApiPorts> {
  return { publicBaseUrl: required(env, 'PUBLIC_BASE_URL'), logger: local.logger ?? lambdaLogger('openapi') };
}

export const handler = onLambda(() => composeOpenApi(process.env), createOpenApi);
