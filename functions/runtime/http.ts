/**
 * HTTP edge helpers: the one place where errors become status codes (STYLE.md principle 4).
 * A 4xx carries what was wrong; anything unexpected becomes a 500 with no detail, and is logged.
 */
import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { $ZodError } from 'zod/v4/core';
import {
  ActorNotPermittedError,
  CaseNotFoundError,
  CommandNotAllowedInStageError,
  GuardFailedError,
  StaleCaseVersionError,
} from '../../domain/case/errors.js';
import { DomainError } from '../../domain/errors.js';
import type { Logger } from './logger.js';

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

/** The zod issues of a body as `field: problem` lines, so a sender can fix every field at once. */
export function describeIssues(error: $ZodError): { field: string; problem: string }[] {
  return error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', problem: issue.message }));
}

/** Parses a value with a schema or throws a 400 naming each failing field. */
export function parseOr400<S extends z.ZodMiniType>(schema: S, value: unknown, what = 'body'): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = describeIssues(parsed.error);
    throw new HttpError(
      400,
      'invalid_request',
      `invalid ${what}: ${issues.map((i) => `${i.field}: ${i.problem}`).join('; ')}`,
      issues,
    );
  }
  return parsed.data;
}

/** The raw body as text, decoding API Gateway's base64 form. */
export function rawBody(event: HttpEvent): string {
  if (!event.body) return '';
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function header(event: HttpEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {}))
    if (key.toLowerCase() === wanted) return value;
  return undefined;
}

/** Requires a JSON content type and a body of at most `maxBytes` (415, 413); returns the raw text. */
export function jsonText(event: HttpEvent, maxBytes = 64 * 1024): string {
  const contentType = header(event, 'content-type') ?? '';
  if (!/^application\/json\b/i.test(contentType.trim())) {
    throw new HttpError(
      415,
      'unsupported_media_type',
      `expected content-type application/json, got '${contentType || 'none'}'`,
    );
  }
  const text = rawBody(event);
  if (Buffer.byteLength(text, 'utf8') > maxBytes) {
    throw new HttpError(413, 'payload_too_large', `body is larger than ${maxBytes} bytes`);
  }
  return text;
}

/** Parses JSON text or answers 400. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'body is not valid JSON');
  }
}

const domainStatus: Record<string, number> = {
  case_not_found: 404,
  stage_conflict: 409,
  stale_version: 412,
  actor_not_permitted: 403,
};

/** Maps any error to a response. Exposed for the local runtime's own routes. */
export function errorResponse(error: unknown, logger: Logger): HttpResult {
  if (error instanceof HttpError) {
    return json(
      error.statusCode,
      { error: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) },
      error.headers,
    );
  }
  if (error instanceof $ZodError) {
    const issues = describeIssues(error);
    return json(400, {
      error: 'invalid_request',
      message: issues.map((i) => `${i.field}: ${i.problem}`).join('; '),
      details: issues,
    });
  }
  if (error instanceof CommandNotAllowedInStageError) {
    return json(409, { error: error.code, message: error.message, stage: error.stage });
  }
  if (
    error instanceof CaseNotFoundError ||
    error instanceof StaleCaseVersionError ||
    error instanceof ActorNotPermittedError
  ) {
    return json(domainStatus[error.code] ?? 400, { error: error.code, message: error.message });
  }
  if (error instanceof GuardFailedError) return json(409, { error: error.code, message: error.message });
  if (error instanceof DomainError) return json(422, { error: error.code, message: error.message });
  logger.error('unhandled error', { error });
  return json(500, { error: 'internal_error', message: 'internal error' });
}

/** middy middleware: turns thrown errors into responses through `errorResponse`. */
export function httpErrors(logger: Logger): MiddlewareObj<HttpEvent, HttpResult> {
  return {
    onError: async (request) => {
      request.response = errorResponse(request.error, logger);
    },
  };
}
