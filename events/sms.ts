/**
 * The SMS queue message, version 1: a text for a petitioner, the number and the text sealed
 * (application/ports.ts QueuedSms). The SMS sender parses it with this schema.
 */
import '../domain/zod-messages.js';
import * as z from 'zod/mini';
import type { QueuedSms } from '../application/ports.js';

export const queuedSmsSchema: z.ZodMiniType<QueuedSms> = z.object({
  kind: z.literal('sms.requested'),
  version: z.literal(1),
  messageId: z.string().check(z.minLength(1), z.maxLength(256)),
  caseId: z.optional(z.string().check(z.minLength(1))),
  sealedContact: z.string().check(z.minLength(1)),
  sealedText: z.string().check(z.minLength(1)),
});
