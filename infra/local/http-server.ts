/**
 * The local HTTP server: API Gateway in front of the topology's HTTP functions, and the local-only
 * control surface under `/_local/`. Listens on 127.0.0.1 only; the control surface also refuses
 * what a web page in the developer's browser could send it (see {@link controlRequestRefusal}).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { FunctionSpec } from '../topology.js';
import {
  bearerToken,
  type CompiledRoute,
  gatewayResponse,
  internalServerError,
  matchRoute,
  type OutgoingResponse,
  toApiGatewayEvent,
  toHttpResponse,
} from './http-gateway.js';
import { type Activity, invoke, type LocalHandler } from './invoke.js';

/** API Gateway's payload limit. */
const maxBodyBytes = 10 * 1024 * 1024;

/** A function behind a route: its handler, or why it could not be loaded. */
export interface HttpTarget {
  readonly spec: FunctionSpec;
  readonly handler?: LocalHandler;
  readonly loadError?: string;
}

/** A control-surface answer: a status and a JSON body. */
export interface ControlResponse {
  readonly status: number;
  readonly body: unknown;
}

export interface LocalServerContext {
  readonly routes: readonly CompiledRoute[];
  readonly targets: ReadonlyMap<string, HttpTarget>;
  /** Resolves to the claims of a valid staff token; rejects otherwise. */
  readonly verifyStaffToken: (token: string) => Promise<Readonly<Record<string, unknown>>>;
  /** Handles `/_local/...`; `path` is the part after `/_local`. */
  readonly control: (
    method: string,
    path: string,
    query: URLSearchParams,
    body: Buffer,
  ) => Promise<ControlResponse>;
  readonly isReady: () => boolean;
  readonly region: string;
  readonly activity: Activity;
  readonly log: (line: string) => void;
  /** A static file for a GET no API route matches (the petitioner's page), or undefined. */
  readonly staticFiles?: (method: string, path: string) => Promise<OutgoingResponse | undefined>;
}

class BodyTooLargeError extends Error {}

/** A Host header naming this machine's loopback: 127.0.0.1, localhost or [::1], with any port. */
const loopbackHost = /^(?:127\.0\.0\.1|localhost|\[::1\])(?::\d{1,5})?$/i;
const loopbackHostnames = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Why a request to the control surface is refused, or undefined when it may go through. The
 * control surface moves the clock and lists every SMS (phone numbers, query codes), and listening
 * on 127.0.0.1 does not keep a web page open in the developer's browser away from it:
 * - a DNS-rebinding page reaches 127.0.0.1 under its own name: a Host that is not loopback → 421;
 * - any page can send a cross-origin request (a `text/plain` POST needs no preflight): an Origin
 *   other than this runtime's own (`http://127.0.0.1:<port>`, or localhost / [::1]) → 403;
 * - a body that is not declared `application/json` (what a form or a simple request sends) → 415.
 * `localPort` is the port the request came in on.
 */
function controlRequestRefusal(
  headers: IncomingMessage['headers'],
  localPort: number | undefined,
  body: Buffer,
): ControlResponse | undefined {
  if (!loopbackHost.test(headers.host ?? '')) {
    return {
      status: 421,
      body: { message: 'the local control surface answers only to Host 127.0.0.1, localhost or [::1]' },
    };
  }
  const origin = headers.origin;
  if (origin !== undefined && !isOwnOrigin(origin, localPort)) {
    return { status: 403, body: { message: 'the local control surface refuses cross-origin requests' } };
  }
  const mediaType = (headers['content-type'] ?? '').split(';', 1)[0]?.trim().toLowerCase();
  if (body.length > 0 && mediaType !== 'application/json') {
    return { status: 415, body: { message: 'send the body as JSON, with content-type: application/json' } };
  }
  return undefined;
}

function isOwnOrigin(origin: string, localPort: number | undefined): boolean {
  let url: URL;
  try {
    url = new URL(origin); // `null` (sandboxed frames, file: pages) does not parse
  } catch {
    return false;
  }
  return (
    url.protocol === 'http:' &&
    loopbackHostnames.has(url.hostname) &&
    (url.port || '80') === String(localPort) &&
    url.origin === origin
  );
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new BodyTooLargeError());
        request.resume();
        return;
      }
      chunks.push(chunk);
    });
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

function write(response: ServerResponse, outgoing: OutgoingResponse): void {
  response.writeHead(outgoing.statusCode, {
    ...outgoing.headers,
    'content-length': String(outgoing.body.length),
  });
  response.end(outgoing.body);
}

function jsonResponse(status: number, body: unknown): OutgoingResponse {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify(body)),
  };
}

async function gateway(
  context: LocalServerContext,
  request: IncomingMessage,
  body: Buffer,
  requestId: string,
): Promise<OutgoingResponse> {
  const url = request.url ?? '/';
  const rawPath = url.split('?')[0] ?? '/';
  const match = matchRoute(context.routes, request.method ?? 'GET', rawPath);
  if (match.kind === 'not-found')
    return (
      (await context.staticFiles?.(request.method ?? 'GET', rawPath)) ?? gatewayResponse(404, 'Not Found')
    );
  if (match.kind === 'method-not-allowed')
    return gatewayResponse(405, 'Method Not Allowed', { allow: match.allowed.join(', ') });
  const target = context.targets.get(match.route.functionName);
  if (!target?.handler) {
    context.log(
      `${match.route.routeKey}: function ${match.route.functionName} is not available: ${target?.loadError ?? 'not loaded'}`,
    );
    return internalServerError();
  }
  let claims: Readonly<Record<string, unknown>> | undefined;
  if (match.route.auth === 'staff') {
    // API Gateway's access log records a refused token with the route and caller; so does this.
    const refuse = (reason: string) => {
      context.log(
        JSON.stringify({
          audit: true,
          message: 'refused',
          action: 'authenticate',
          outcome: 'refused',
          reason,
          route: match.route.routeKey,
          sourceAddress: request.socket.remoteAddress?.replace(/^::ffff:/, ''),
        }),
      );
      return gatewayResponse(401, 'Unauthorized');
    };
    const token = bearerToken({ authorization: request.headers.authorization });
    if (!token) return refuse('no bearer token');
    try {
      claims = await context.verifyStaffToken(token);
    } catch (error) {
      return refuse(`token not accepted: ${(error as Error).message}`);
    }
  }
  const event = toApiGatewayEvent(
    {
      method: request.method ?? 'GET',
      url,
      rawHeaders: request.rawHeaders,
      body,
      sourceIp: request.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      protocol: `HTTP/${request.httpVersion}`,
    },
    match,
    { requestId, receivedAtMs: Date.now(), ...(claims ? { claims } : {}) },
  );
  try {
    return toHttpResponse(
      await invoke(target.spec, target.handler, event, {
        region: context.region,
        activity: context.activity,
      }),
    );
  } catch (error) {
    context.log(`${match.route.routeKey}: ${target.spec.name} failed: ${(error as Error).stack ?? error}`);
    return internalServerError();
  }
}

async function respond(
  context: LocalServerContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const started = Date.now();
  const requestId = randomUUID();
  const url = request.url ?? '/';
  const [rawPath = '/', rawQuery = ''] = url.split('?', 2);
  let outgoing: OutgoingResponse;
  try {
    const body = await readBody(request);
    if (rawPath === '/_local' || rawPath.startsWith('/_local/')) {
      const refusal = controlRequestRefusal(request.headers, request.socket.localPort, body);
      if (refusal) {
        context.log(
          `refused ${request.method} ${rawPath} (Host ${request.headers.host ?? '-'}, Origin ${request.headers.origin ?? '-'}, content-type ${request.headers['content-type'] ?? '-'}): ${refusal.status}`,
        );
      }
      const answer =
        refusal ??
        (await context.control(
          request.method ?? 'GET',
          rawPath.slice('/_local'.length),
          new URLSearchParams(rawQuery),
          body,
        ));
      outgoing = jsonResponse(answer.status, answer.body);
    } else if (!context.isReady()) {
      outgoing = gatewayResponse(503, 'Service Unavailable');
    } else {
      outgoing = await gateway(context, request, body, requestId);
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) outgoing = gatewayResponse(413, 'Request Entity Too Large');
    else {
      context.log(`${request.method} ${rawPath}: ${(error as Error).stack ?? error}`);
      outgoing = internalServerError();
    }
  }
  write(response, { ...outgoing, headers: { ...outgoing.headers, 'apigw-requestid': requestId } });
  if (!rawPath.startsWith('/_local'))
    context.log(`${request.method} ${rawPath} → ${outgoing.statusCode} (${Date.now() - started} ms)`);
}

/** A server answering on 127.0.0.1:`port` (0: a free port). */
export async function startLocalServer(
  context: LocalServerContext,
  port: number,
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    respond(context, request, response).catch((error: unknown) => {
      context.log(`response failed: ${(error as Error).message}`);
      response.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  return { server, port: typeof address === 'object' && address ? address.port : port };
}

/** Stops accepting connections and waits for the requests in progress (at most `graceMs`). */
export async function closeServer(server: Server, graceMs = 5_000): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}
