/**
 * The HTTP edge: what runs around every HTTP handler (middy middlewares: missing parameter maps
 * normalised, header names lower-cased, security headers on every answer), and the one place where
 * errors become status codes (STYLE.md principle 4). A 4xx carries what was wrong; a refusal is
 * audited; anything unexpected becomes a 500 with no detail, and is logged.
 */
import middy from '@middy/core';
import httpEventNormalizer from '@middy/http-event-normalizer';
import httpHeaderNormalizer from '@middy/http-header-normalizer';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { $ZodError } from 'zod/v4/core';
import {
  AccessDeniedError,
  ConflictError,
  ForbiddenError,
  InvalidRequestError,
  NotFoundError,
  PreconditionFailedError,
  TooManyAttemptsError,
} from '../../application/errors.js';
import type { Logger } from '../../application/ports.js';
import { problemsOf } from '../../application/validation.js';
import {
  ActorNotPermittedError,
  CaseNotFoundError,
  CommandNotAllowedInStageError,
  GuardFailedError,
  InvalidCursorError,
  StaleCaseVersionError,
  WindowClosedError,
} from '../../domain/case/errors.js';
import { DomainError } from '../../domain/errors.js';
import { auditTrail } from './audit.js';
import { withLambdaContext } from './lambda-context.js';
import type { LambdaAwareLogger } from './logger.js';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyStructuredResultV2;

/** An error meant for the client: its status and message are returned as they are. */
export class HttpError extends Error {
  readonly expose = true;
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** Parses a value with a schema or answers 400 naming each failing field. */
export function parseOr400<S extends z.ZodMiniType>(schema: S, value: unknown, what = 'body'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InvalidRequestError(problemsOf(parsed.error.issues), what);
  return parsed.data;
}

/** The raw body as bytes, as the sender signed them (API Gateway hands binary bodies in base64). */
export function rawBodyBytes(event: HttpEvent): Buffer {
  if (!event.body) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

/** The raw body as UTF-8 text; bytes that are not UTF-8 are a 400, never silently replaced. */
export function rawBody(event: HttpEvent): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(rawBodyBytes(event));
  } catch {
    throw new HttpError(400, 'invalid_encoding', 'body is not valid UTF-8');
  }
}

export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Requires a JSON content type and a body of at most `maxBytes` (415, 413). */
function requireJsonBody(event: HttpEvent, maxBytes: number): Buffer {
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(contentType.trim())) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `expected content-type application/json, got '${contentType || 'none'}'`,
    );
  }
  const bytes = rawBodyBytes(event);
  if (bytes.length > maxBytes)
    throw new HttpError(413, 'payload_too_large', `body is larger than ${maxBytes} bytes`);
  return bytes;
}

/** A JSON body of at most `maxBytes` (415, 413) as text (400 when it is not UTF-8). */
export function jsonText(event: HttpEvent, maxBytes = 64 * 1024): string {
  requireJsonBody(event, maxBytes);
  return rawBody(event);
}

/** A JSON body of at most `maxBytes` (415, 413) as the bytes that were sent: what a signature covers. */
export function jsonBytes(event: HttpEvent, maxBytes = 64 * 1024): Buffer {
  return requireJsonBody(event, maxBytes);
}

/** Parses JSON text or answers 400. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'body is not valid JSON');
  }
}

const body = (error: DomainError | HttpError) => ({ error: error.code, message: error.message });

/** The route and caller of a request, for an audit record. */
function where(event: HttpEvent | undefined) {
  if (!event?.requestContext) return {};
  return {
    route: `${event.requestContext.http.method} ${event.rawPath}`,
    sourceAddress: event.requestContext.http.sourceIp,
  };
}

/** Maps any error to a response. Exposed for the local runtime's own routes. */
export function errorResponse(error: unknown, logger: Logger, event?: HttpEvent): HttpResult {
  if (error instanceof HttpError && error.statusCode === 401)
    auditTrail(logger).record({
      action: 'authenticate',
      outcome: 'refused',
      reason: error.message,
      ...where(event),
    });
  if (error instanceof HttpError)
    return json(
      error.statusCode,
      { ...body(error), ...(error.details ? { details: error.details } : {}) },
      error.headers,
    );
  if (error instanceof InvalidRequestError) return json(400, { ...body(error), details: error.problems });
  if (error instanceof $ZodError) {
    const problems = problemsOf(error.issues);
    return json(400, {
      error: 'invalid_request',
      message: problems.map((p) => `${p.field}: ${p.problem}`).join('; '),
      details: problems,
    });
  }
  if (error instanceof AccessDeniedError) {
    auditTrail(logger).record({
      action: error.what,
      outcome: 'refused',
      personId: error.staff.personId,
      unitId: error.staff.unitId,
      role: error.staff.role,
      caseId: error.caseId,
      reason: error.message,
      ...where(event),
    });
    return json(403, body(error));
  }
  if (error instanceof ForbiddenError) return json(403, body(error));
  if (error instanceof TooManyAttemptsError)
    return json(429, body(error), { 'retry-after': String(error.retryAfterSeconds) });
  if (error instanceof CommandNotAllowedInStageError)
    return json(409, { ...body(error), stage: error.stage });
  if (error instanceof NotFoundError || error instanceof CaseNotFoundError) return json(404, body(error));
  if (error instanceof StaleCaseVersionError || error instanceof PreconditionFailedError)
    return json(412, body(error));
  if (error instanceof ActorNotPermittedError) {
    auditTrail(logger).record({
      action: error.command,
      outcome: 'refused',
      reason: error.message,
      ...where(event),
    });
    return json(403, body(error));
  }
  if (error instanceof InvalidCursorError) return json(400, body(error));
  if (error instanceof WindowClosedError)
    return json(409, { ...body(error), ...(error.closedAt ? { closedAt: error.closedAt } : {}) });
  if (error instanceof GuardFailedError || error instanceof ConflictError) return json(409, body(error));
  if (error instanceof DomainError) return json(422, body(error));
  logger.error('unhandled error', { error });
  return json(500, { error: 'internal_error', message: 'internal error' });
}

/** The error body a public contract prescribes: the status and headers stay those mapped above. */
export interface HttpFunctionOptions {
  readonly errorBody?: (response: {
    readonly statusCode: number;
    readonly body: {
      readonly message: string;
      readonly details?: readonly { field: string; problem: string }[];
    };
  }) => unknown;
}

/**
 * An HTTP function: the handler with what runs around every HTTP handler. The event normaliser
 * gives missing parameter maps as `{}`; header names arrive lower-cased; every answer carries the
 * security headers; every error is answered through {@link errorResponse}.
 */
export function httpFunction(
  handler: (event: HttpEvent) => Promise<HttpResult>,
  logger: LambdaAwareLogger,
  options: HttpFunctionOptions = {},
): middy.MiddyfiedHandler<HttpEvent, HttpResult> {
  return withLambdaContext(middy<HttpEvent, HttpResult>(handler), logger)
    .use(httpEventNormalizer())
    .use(httpHeaderNormalizer())
    .use(httpSecurityHeaders())
    .use({
      onError: async (request) => {
        const response = errorResponse(request.error, logger, request.event);
        request.response = options.errorBody
          ? {
              ...response,
              body: JSON.stringify(
                options.errorBody({
                  statusCode: response.statusCode ?? 500,
                  body: JSON.parse(String(response.body)),
                }),
              ),
            }
          : response;
      },
    });
}
