/**
 * What API Gateway (HTTP API, Lambda proxy payload 2.0) does in front of the functions, for the
 * local runtime: match a request to a topology route, turn it into the v2 event, and turn the
 * function's result back into a response. Pure functions: the server in `platform.ts` feeds them.
 */
import { isUtf8 } from 'node:buffer';
import type {
  APIGatewayEventRequestContextJWTAuthorizer,
  APIGatewayProxyEventV2,
  APIGatewayProxyEventV2WithJWTAuthorizer,
} from 'aws-lambda';
import type { FunctionSpec, HttpRoute } from '../topology.js';

type Segment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'param'; readonly name: string; readonly greedy: boolean };

/** A topology route ready for matching. */
export interface CompiledRoute extends HttpRoute {
  /** The function the route invokes. */
  readonly functionName: string;
  /** `POST /webhooks/web`, as API Gateway names it. */
  readonly routeKey: string;
  readonly segments: readonly Segment[];
}

export type RouteMatch =
  | {
      readonly kind: 'found';
      readonly route: CompiledRoute;
      readonly pathParameters: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'method-not-allowed'; readonly allowed: readonly string[] }
  | { readonly kind: 'not-found' };

function parsePath(path: string): Segment[] {
  return path
    .split('/')
    .slice(1)
    .map((part) => {
      const param = /^\{([A-Za-z0-9_.-]+)(\+?)\}$/.exec(part);
      return param
        ? { kind: 'param', name: param[1] ?? '', greedy: param[2] === '+' }
        : { kind: 'literal', text: part };
    });
}

/** Literal segments before parameters, position by position: `/cases/search` beats `/cases/{id}`. */
function specificity(a: CompiledRoute, b: CompiledRoute): number {
  const length = Math.max(a.segments.length, b.segments.length);
  for (let i = 0; i < length; i++) {
    const rank = (s: Segment | undefined) =>
      s === undefined ? 3 : s.kind === 'literal' ? 0 : s.greedy ? 2 : 1;
    const diff = rank(a.segments[i]) - rank(b.segments[i]);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Every HTTP route of the topology's functions, most specific first (stable for equals). */
export function compileRoutes(functions: readonly FunctionSpec[]): CompiledRoute[] {
  const routes: CompiledRoute[] = [];
  for (const fn of functions) {
    if (fn.trigger.kind !== 'http') continue;
    for (const route of fn.trigger.routes) {
      routes.push({
        ...route,
        functionName: fn.name,
        routeKey: `${route.method} ${route.path}`,
        segments: parsePath(route.path),
      });
    }
  }
  return routes.sort(specificity);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function matchPath(route: CompiledRoute, parts: readonly string[]): Record<string, string> | undefined {
  const parameters: Record<string, string> = {};
  for (let i = 0; i < route.segments.length; i++) {
    const segment = route.segments[i] as Segment;
    const part = parts[i];
    if (part === undefined) return undefined;
    if (segment.kind === 'literal') {
      if (segment.text !== part) return undefined;
    } else if (segment.greedy) {
      parameters[segment.name] = decode(parts.slice(i).join('/'));
      return parameters;
    } else {
      if (part === '') return undefined;
      parameters[segment.name] = decode(part);
    }
  }
  return parts.length === route.segments.length ? parameters : undefined;
}

/** Finds the route for a request path (without query); the most specific matching path wins. */
export function matchRoute(routes: readonly CompiledRoute[], method: string, path: string): RouteMatch {
  const parts = path.split('/').slice(1);
  const allowed: string[] = [];
  for (const route of routes) {
    const pathParameters = matchPath(route, parts);
    if (pathParameters === undefined) continue;
    if (route.method === method.toUpperCase()) return { kind: 'found', route, pathParameters };
    if (!allowed.includes(route.method)) allowed.push(route.method);
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
}

/** An HTTP request as the local server read it. */
export interface IncomingRequest {
  readonly method: string;
  /** Path and query exactly as sent: `/public/cases/X?code=1`. */
  readonly url: string;
  /** Node's `rawHeaders`: name, value, name, value … */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  /** `HTTP/1.1` */
  readonly protocol: string;
}

export interface EventContext {
  readonly requestId: string;
  /** When API Gateway received the request (real time). */
  readonly receivedAtMs: number;
  /** Claims of a verified staff token, for routes with `auth: 'staff'`. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

const textTypes = [
  /^text\//i,
  /^application\/(json|xml|javascript|x-www-form-urlencoded|graphql)\b/i,
  /^application\/[^;]+\+(json|xml)\b/i,
];

function isText(contentType: string | undefined): boolean {
  return contentType !== undefined && textTypes.some((t) => t.test(contentType.trim()));
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's request time format: `12/Mar/2026:19:03:58 +0000`. */
export function requestTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/** JWT authorizer claims as API Gateway passes them: every value a string. */
function authorizerClaims(
  claims: Readonly<Record<string, unknown>>,
): APIGatewayEventRequestContextJWTAuthorizer['jwt']['claims'] {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined) continue;
    result[name] =
      typeof value === 'string'
        ? value
        : Array.isArray(value)
          ? `[${value.join(' ')}]`
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value);
  }
  return result;
}

/** Builds the payload 2.0 event API Gateway would send for `request` on `route`. */
export function toApiGatewayEvent(
  request: IncomingRequest,
  match: { readonly route: CompiledRoute; readonly pathParameters: Readonly<Record<string, string>> },
  context: EventContext,
): APIGatewayProxyEventV2 | APIGatewayProxyEventV2WithJWTAuthorizer {
  const queryAt = request.url.indexOf('?');
  const rawPath = queryAt === -1 ? request.url : request.url.slice(0, queryAt);
  const rawQueryString = queryAt === -1 ? '' : request.url.slice(queryAt + 1);

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < request.rawHeaders.length; i += 2) {
    const name = (request.rawHeaders[i] as string).toLowerCase();
    const value = request.rawHeaders[i + 1] as string;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }

  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }

  const hasBody = request.body.length > 0;
  // Bytes that are not UTF-8 travel in base64 even under a text type, so a signature over the
  // bytes as sent can still be checked (API Gateway does the same with payloads it cannot pass as text).
  const asText = isText(headers['content-type']) && isUtf8(request.body);
  const host = headers['host'] ?? 'localhost';
  const requestContext = {
    accountId: '000000000000',
    apiId: 'local',
    domainName: host,
    domainPrefix: host.split('.')[0] ?? host,
    http: {
      method: request.method.toUpperCase(),
      path: rawPath,
      protocol: request.protocol,
      sourceIp: request.sourceIp,
      userAgent: headers['user-agent'] ?? '',
    },
    requestId: context.requestId,
    routeKey: match.route.routeKey,
    stage: '$default',
    time: requestTime(context.receivedAtMs),
    timeEpoch: context.receivedAtMs,
    ...(context.claims
      ? {
          authorizer: {
            principalId: '',
            integrationLatency: 0,
            jwt: {
              claims: authorizerClaims(context.claims),
              scopes: typeof context.claims['scope'] === 'string' ? context.claims['scope'].split(' ') : null,
            },
          },
        }
      : {}),
  };
  return {
    version: '2.0',
    routeKey: match.route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(Object.keys(match.pathParameters).length > 0 ? { pathParameters: { ...match.pathParameters } } : {}),
    requestContext,
    ...(hasBody ? { body: asText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !asText,
  };
}

/** A response ready to write. */
export interface OutgoingResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: Buffer;
}

/** API Gateway's own JSON error responses: `{"message":"Not Found"}`. */
export function gatewayResponse(
  statusCode: number,
  message: string,
  headers: Record<string, string> = {},
): OutgoingResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

/** What API Gateway answers when the function fails or returns something it cannot use. */
export const internalServerError = (): OutgoingResponse => gatewayResponse(500, 'Internal Server Error');

/**
 * Turns a function's result into the response, as payload 2.0 does: an object with a
 * `statusCode` is a structured result; anything else (a string, an object without
 * `statusCode`) is a 200 with the value as JSON body.
 */
export function toHttpResponse(result: unknown): OutgoingResponse {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    const body = typeof result === 'string' ? result : (JSON.stringify(result) ?? '');
    return { statusCode: 200, headers: { 'content-type': 'application/json' }, body: Buffer.from(body) };
  }
  const structured = result as {
    statusCode: unknown;
    headers?: unknown;
    cookies?: unknown;
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  const { statusCode } = structured;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    return internalServerError();
  }
  const headers: Record<string, string | string[]> = {};
  if (typeof structured.headers === 'object' && structured.headers !== null) {
    for (const [name, value] of Object.entries(structured.headers)) {
      if (value !== undefined && value !== null) headers[name.toLowerCase()] = String(value);
    }
  }
  if (Array.isArray(structured.cookies) && structured.cookies.length > 0) {
    headers['set-cookie'] = structured.cookies.map(String);
  }
  const text = typeof structured.body === 'string' ? structured.body : '';
  const body = structured.isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8');
  return { statusCode, headers, body };
}

/** The bearer token of a request, as the JWT authorizer reads `Authorization` (prefix optional). */
export function bearerToken(headers: Readonly<Record<string, string | undefined>>): string | undefined {
  const value = headers['authorization']?.trim();
  if (!value) return undefined;
  const match = /^Bearer(?:\s+(.*))?$/i.exec(value);
  const token = match ? match[1]?.trim() : value;
  return token || undefined;
}
