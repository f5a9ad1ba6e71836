/**
 * Schemas of the case as it is stored and read back: a stored item is parsed, never cast, so an
 * item a newer or older writer left, or one altered by hand, is refused with what is wrong instead
 * of travelling on as a `Case`. Each schema is typed against the domain type it parses into.
 */
import '../zod-messages.js';
import * as z from 'zod/mini';
import { deadlineSteps } from '../deadlines/rules.js';
import { commandTypes } from './commands.js';
import { type CaseEventType, caseEventPayloadSchemas, caseEventTypes } from './events.js';
import {
  accountabilityTriggers,
  type Case,
  channels,
  organFailureKinds,
  ratings,
  replyOutcomes,
  reviewDecisions,
  revisitMethods,
  staffRoles,
  stages,
  statutoryChannels,
  supervisionModes,
} from './model.js';
import type { CaseSummary } from './repository.js';
import type { HistoryEntry } from './transitions.js';

const text = z.string();
const optionalText = z.optional(z.string());
const person = z.object({ personId: text, name: text });

const actorSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), personId: text, role: z.enum(staffRoles), unitId: text }),
  z.object({ kind: z.literal('petitioner') }),
  z.object({ kind: z.literal('system'), process: text }),
]);

const deadlineSchema = z.object({
  key: text,
  step: z.enum(deadlineSteps),
  kind: z.enum(['obligation', 'window']),
  unitId: optionalText,
  startAt: text,
  warnAt: text,
  dueAt: text,
  provisional: z.boolean(),
  status: z.enum(['open', 'met', 'lapsed', 'cancelled']),
  warnedAt: optionalText,
  overdueAt: optionalText,
  closedAt: optionalText,
  superviseAt: optionalText,
  supervisedAt: optionalText,
  accountableAt: optionalText,
  accountabilityOpenedAt: optionalText,
});

/** The whole case, as the case item holds it. */
export const caseSchema: z.ZodMiniType<Case> = z.object({
  caseId: text,
  trackingNumber: text,
  queryCodeDigest: text,
  version: z.int().check(z.minimum(1)),
  stage: z.enum(stages),
  channel: z.enum(channels),
  receivedAt: text,
  registeredAt: text,
  updatedAt: text,
  receivingUnitId: text,
  currentUnitId: text,
  regionCode: text,
  petitioner: z.object({
    name: text,
    maskedPhone: optionalText,
    maskedIdNumber: optionalText,
    identityKey: text,
    phoneKey: optionalText,
    sealedContact: optionalText,
  }),
  title: text,
  content: text,
  // Cases stored before attachments were kept have none.
  attachments: z._default(z.array(z.object({ name: text, url: text })), []),
  categoryId: optionalText,
  skipLevel: z.boolean(),
  registeredLate: z.optional(z.boolean()),
  historyHash: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  screening: z.optional(z.object({ channel: z.enum(statutoryChannels), ruleId: text, guidance: text })),
  repeatOf: optionalText,
  routing: z.optional(
    z.object({
      categoryId: text,
      organUnitId: optionalText,
      ruleId: text,
      confidence: z.number(),
      reason: text,
      decidedAt: text,
      forwardsNext: z.optional(z.boolean()),
    }),
  ),
  dispatch: z.optional(
    z.object({
      mode: z.enum(['forward', 'assign']),
      fromUnitId: text,
      toUnitId: text,
      toUnitKind: z.enum(['bureau', 'organ']),
      at: text,
      dueAt: optionalText,
    }),
  ),
  returns: z.array(z.object({ unitId: text, reason: text, at: text })),
  acceptance: z.optional(z.object({ decision: z.enum(['accepted', 'declined']), notice: text, at: text })),
  responsibility: z.optional(z.object({ unitId: text, leader: person, handler: person })),
  assistingUnitIds: z.array(text),
  handlingNotes: z.array(
    z.object({
      kind: z.enum(['note', 'contact', 'contribution']),
      unitId: text,
      by: text,
      at: text,
      text,
    }),
  ),
  extensions: z.array(
    z.object({
      days: z.number(),
      reason: text,
      requestedAt: text,
      status: z.enum(['requested', 'approved', 'refused']),
      decidedAt: optionalText,
      decidedBy: optionalText,
    }),
  ),
  reply: z.optional(z.object({ outcome: z.enum(replyOutcomes), text, repliedAt: text, unitId: text })),
  evaluation: z.optional(
    z.object({
      rating: z.enum([...ratings, 'unrated']),
      comment: optionalText,
      at: text,
      via: z.optional(z.enum(['web', 'sms'])),
    }),
  ),
  revisits: z.array(
    z.object({
      taskId: text,
      unitId: text,
      basis: z.enum(['handling_organ', 'filing_bureau', 'dispatching_bureau']),
      status: z.enum(['open', 'done']),
      record: z.optional(
        z.object({
          method: z.enum(revisitMethods),
          by: text,
          at: text,
          petitionerSaid: text,
          outcome: z.enum(['resolved', 'problem_found']),
        }),
      ),
    }),
  ),
  verification: z.optional(
    z.object({
      finding: z.enum(['unreasonable_demand', 'organ_failure']),
      failureKind: z.optional(z.enum(organFailureKinds)),
      explanation: optionalText,
      petitionerResponse: optionalText,
      at: text,
      by: text,
    }),
  ),
  supervisions: z.array(
    z.object({
      supervisionId: text,
      mode: z.enum(supervisionModes),
      supervisingUnitId: text,
      targetUnitId: text,
      cause: z.enum(['organ_failure', 'overdue']),
      openedAt: text,
      followUps: z.array(z.object({ at: text, by: text, note: text })),
      rectifiedAt: optionalText,
    }),
  ),
  accountabilities: z.array(
    z.object({
      accountabilityId: text,
      trigger: z.enum(accountabilityTriggers),
      incidentAt: text,
      responsibleUnitId: text,
      leader: z.optional(person),
      handler: z.optional(person),
      openedAt: text,
      steps: z.array(
        z.object({
          step: z.enum(['criticism', 'proposal', 'transfer', 'outcome', 'publication']),
          at: text,
          by: text,
          text,
        }),
      ),
    }),
  ),
  reviews: z.array(
    z.object({
      level: z.enum(['review', 're_review']),
      unitId: text,
      requestedAt: text,
      reason: text,
      decidedAt: optionalText,
      decision: z.optional(z.enum(reviewDecisions)),
      text: optionalText,
    }),
  ),
  concluded: z.boolean(),
  deadlines: z.array(deadlineSchema),
  closure: z.optional(
    z.object({
      reason: z.enum([
        'satisfied',
        'supervision_rectified',
        'revisits_resolved',
        'demand_explained',
        'review_decided',
        're_review_final',
      ]),
      at: text,
    }),
  ),
});

/** What listings project of a case. */
export const caseSummarySchema: z.ZodMiniType<CaseSummary> = z.object({
  caseId: text,
  trackingNumber: text,
  stage: z.enum(stages),
  currentUnitId: text,
  regionCode: text,
  categoryId: optionalText,
  title: text,
  petitionerName: text,
  maskedPhone: optionalText,
  registeredAt: text,
  nextCheckpointAt: optionalText,
  nextDueAt: optionalText,
  overdue: z.boolean(),
  version: z.number(),
});

const historyBase = {
  caseId: text,
  seq: z.int().check(z.minimum(1)),
  at: text,
  actor: actorSchema,
  command: z.enum(commandTypes as [string, ...string[]]),
  reason: optionalText,
  fromStage: z.nullable(z.enum(stages)),
  toStage: z.enum(stages),
  visibility: z.enum(['public', 'internal']),
  prevHash: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
  hash: z.optional(z.string().check(z.regex(/^[0-9a-f]{64}$/))),
};

/** One history line: its payload is checked against its event's schema. */
export const historyEntrySchema = z.discriminatedUnion(
  'event',
  caseEventTypes.map((event: CaseEventType) =>
    z.object({ ...historyBase, event: z.literal(event), payload: caseEventPayloadSchemas[event] }),
  ) as unknown as [z.ZodMiniObject, ...z.ZodMiniObject[]],
) as unknown as z.ZodMiniType<HistoryEntry>;
