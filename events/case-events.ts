/**
 * The case event contract, version 1: what every transition emits (see domain/case/transitions.ts),
 * and the EventBridge envelope it travels in to queues. Event names are past tense.
 */
import '../domain/zod-messages.js';
import * as z from 'zod/mini';
import { staffRoles, stages } from '../domain/case/model.js';

export const actorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), personId: z.string(), role: z.enum(staffRoles), unitId: z.string() }),
  z.object({ kind: z.literal('petitioner') }),
  z.object({ kind: z.literal('system'), process: z.string() }),
]);

export const caseEventSchema = z.object({
  type: z.string().check(z.regex(/^[A-Z][A-Za-z]+$/)),
  version: z.literal(1),
  caseId: z.string().check(z.minLength(1)),
  trackingNumber: z.string().check(z.minLength(1)),
  caseVersion: z.int().check(z.minimum(1)),
  occurredAt: z.string(),
  actor: actorSchema,
  fromStage: z.nullable(z.enum(stages)),
  toStage: z.enum(stages),
  unitId: z.string(),
  payload: z.record(z.string(), z.unknown()),
});
export type CaseEventMessage = z.infer<typeof caseEventSchema>;

/** An event as an EventBridge rule delivers it to an SQS target. */
export const busEnvelopeSchema = z.object({
  'detail-type': z.string(),
  source: z.string(),
  time: z.string(),
  detail: caseEventSchema,
});
export type BusEnvelope = z.infer<typeof busEnvelopeSchema>;

/** Events the petitioner is told about by SMS. */
export const petitionerNotifiedEvents = [
  'CaseScreenedOut',
  'CaseLinkedAsRepeat',
  'CaseForwarded',
  'CaseAssigned',
  'CaseAccepted',
  'CaseDeclined',
  'ExtensionApproved',
  'CaseReplied',
  'ReviewDecided',
  'ReReviewDecided',
] as const;
