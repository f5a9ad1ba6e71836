/** Signing a webhook body as the portal or the SMS gateway does (functions/runtime/webhook-signature.ts). */
import { signBody } from '../../functions/runtime/webhook-signature.js';

/** The signature headers sent with `body`, signed with `secret` now. */
export function signatureHeaders(
  secret: string,
  body: string | Uint8Array,
): { 'x-signature-timestamp': string; 'x-signature': string } {
  const timestamp = String(Math.floor(Date.now() / 1000));
  return { 'x-signature-timestamp': timestamp, 'x-signature': signBody(secret, timestamp, body) };
}
