import { createHmac, timingSafeEqual } from 'node:crypto';
import type * as z from 'zod/mini';
import type { Clock, WebhookChannel, WebhookSecrets } from '../../application/ports.js';
import { HttpError, type HttpEvent, header, jsonBytes, parseJson, parseOr400, rawBody } from './http.js';

/** How far the signature timestamp may be from now, either way. */
export const signatureWindowSeconds = 300;

/** The signature a sender computes: lowercase hex HMAC-SHA256 of `<timestamp>.<raw body bytes>`. */
export function signBody(secret: string, timestamp: string, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}

/**
 * Verifies `X-Signature` and `X-Signature-Timestamp` against the raw body, answering 401 for a
 * missing, stale or wrong signature. Freshness uses wall-clock time: it is transport security,
 * not business time, so it does not move with the local runtime's simulated clock.
 */
export function verifySignature(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string | Uint8Array,
  nowMs: number,
): void {
  const { timestamp, signature } = headers;
  if (!timestamp || !signature)
    throw new HttpError(401, 'unauthenticated', 'missing X-Signature or X-Signature-Timestamp');
  if (!/^\d{1,12}$/.test(timestamp))
    throw new HttpError(401, 'unauthenticated', 'X-Signature-Timestamp must be Unix seconds');
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > signatureWindowSeconds) {
    throw new HttpError(
      401,
      'unauthenticated',
      `signature timestamp is more than ${signatureWindowSeconds} s from now`,
    );
  }
  const expected = Buffer.from(signBody(secret, timestamp, body), 'hex');
  const given = /^[0-9a-f]{64}$/.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new HttpError(401, 'unauthenticated', 'signature does not match');
  }
}

/**
 * The preamble of every signed webhook: a JSON body of at most 64 KB (415, 413), a valid
 * signature over its raw bytes (401), then the channel's contract (400 naming each field).
 */
export async function signedBody<S extends z.ZodMiniType>(
  event: HttpEvent,
  channel: WebhookChannel,
  schema: S,
  deps: { readonly webhookSecrets: WebhookSecrets; readonly wallClock: Clock },
): Promise<z.output<S>> {
  // The signature covers the bytes as sent: verified before they are decoded or parsed.
  verifySignature(
    await deps.webhookSecrets.secretFor(channel),
    { timestamp: header(event, 'x-signature-timestamp'), signature: header(event, 'x-signature') },
    jsonBytes(event),
    Date.parse(deps.wallClock.now()),
  );
  return parseOr400(schema, parseJson(rawBody(event)));
}
