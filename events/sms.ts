/**
 * The SMS queue message, version 1: a text for a petitioner and the template it was rendered from. The number and the text travel sealed
 * (a queue holds no personal data in clear); the same `messageId` is sent at most once. The SMS
 * sender parses it with this schema.
 */
import '../domain/zod-messages.js';
import * as z from 'zod/mini';

export const queuedSmsSchema = z.object({
  kind: z.literal('sms.requested'),
  version: z.literal(1),
  messageId: z.string().check(z.minLength(1), z.maxLength(256)),
  caseId: z.optional(z.string().check(z.minLength(1))),
  sealedContact: z.string().check(z.minLength(1)),
  sealedText: z.string().check(z.minLength(1)),
  /**
   * Sealed JSON of the template the text was rendered from (signature, code, parameters): what a
   * mainland provider is sent. Parameters can hold a query code, so they travel sealed too. Absent
   * in messages queued before templates existed; those go out as text where the provider allows it.
   */
  sealedTemplate: z.optional(z.string().check(z.minLength(1))),
});

export type QueuedSms = z.output<typeof queuedSmsSchema>;

/** What `sealedTemplate` opens to. */
export const smsTemplateUseSchema = z.object({
  signName: z.string().check(z.minLength(1)),
  code: z.string().check(z.minLength(1)),
  params: z.record(z.string(), z.string()),
});
