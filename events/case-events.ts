/**
 * The case event contract, version 1: what every transition emits (see domain/case/transitions.ts),
 * and the EventBridge envelope it travels in to queues. Event names are past tense.
 */
import '../domain/zod-messages.js';
import * as z from 'zod/mini';
import {
  type CaseEvent,
  type CaseEventType,
  caseEventPayloadSchemas,
  caseEventTypes,
} from '../domain/case/events.js';
import { staffRoles, stages } from '../domain/case/model.js';

const actorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), personId: z.string(), role: z.enum(staffRoles), unitId: z.string() }),
  z.object({ kind: z.literal('petitioner') }),
  z.object({ kind: z.literal('system'), process: z.string() }),
]);

const envelope = {
  version: z.literal(1),
  caseId: z.string().check(z.minLength(1)),
  trackingNumber: z.string().check(z.minLength(1)),
  caseVersion: z.int().check(z.minimum(1)),
  occurredAt: z.string(),
  actor: actorSchema,
  fromStage: z.nullable(z.enum(stages)),
  toStage: z.enum(stages),
  unitId: z.string(),
};

/**
 * A case event as it travels: one object schema per event type, each with its payload schema from
 * the domain, discriminated by `type`. An unknown type or a payload of the wrong shape is refused.
 */
export const caseEventSchema = z.discriminatedUnion(
  'type',
  caseEventTypes.map((type) =>
    z.object({ ...envelope, type: z.literal(type), payload: caseEventPayloadSchemas[type] }),
  ) as unknown as [z.ZodMiniObject, ...z.ZodMiniObject[]],
) as unknown as z.ZodMiniType<CaseEvent>;

/** An event as an EventBridge rule delivers it to an SQS target. */
export const busEnvelopeSchema = z.object({
  'detail-type': z.string(),
  source: z.string(),
  time: z.string(),
  detail: caseEventSchema,
});

/** Events the petitioner is told about by SMS. */
export const petitionerNotifiedEvents = [
  'CaseScreenedOut',
  'CaseLinkedAsRepeat',
  'CaseRefusedAsConcluded',
  'CaseForwarded',
  'CaseAssigned',
  'CaseAccepted',
  'CaseDeclined',
  'ExtensionApproved',
  'CaseReplied',
  'ReviewDecided',
  'ReReviewDecided',
] as const satisfies readonly CaseEventType[];
