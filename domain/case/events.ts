/**
 * The events the case lifecycle emits, version 1: one past-tense type per transition and the
 * payload schema of each. Transitions (./transitions) must return a payload of their event's
 * schema (a compile-time check), consumers switch on `type` with the payload typed, and the wire
 * contract (events/case-events.ts) parses a delivered event with the same schemas.
 */
import '../zod-messages.js';
import * as z from 'zod/mini';
import { commandSchemas } from './commands.js';
import {
  type Actor,
  accountabilityTriggers,
  channels,
  organFailureKinds,
  ratings,
  reviewDecisions,
  revisitMethods,
  type Stage,
  supervisionModes,
} from './model.js';

const id = z.string().check(z.minLength(1));
const deadlineStep = z.string().check(z.minLength(1));
const unitKind = z.enum(['bureau', 'organ']);
const person = z.object({ personId: id, name: z.string() });
const revisitTask = z.object({
  taskId: id,
  unitId: id,
  basis: z.enum(['handling_organ', 'filing_bureau', 'dispatching_bureau']),
});
const dispatched = z.object({
  from: id,
  to: id,
  toUnitKind: unitKind,
  dueAt: z.optional(z.string()),
});
const deadlineFlag = z.object({
  key: id,
  step: deadlineStep,
  unitId: z.optional(id),
  dueAt: z.string(),
});
const decision = z.object({ decision: z.enum(reviewDecisions), text: z.string() });
const requested = z.object({ reviewUnitId: id, reason: z.string() });
const nothing = z.object({});

/** The payload of every event type. A transition's payload must satisfy its event's schema. */
export const caseEventPayloadSchemas = {
  CaseRegistered: z.object({
    caseId: id,
    trackingNumber: id,
    channel: z.enum(channels),
    receivedAt: z.string(),
    receivingUnitId: id,
    regionCode: z.string(),
    petitioner: z.object({
      name: z.string(),
      maskedPhone: z.optional(z.string()),
      maskedIdNumber: z.optional(z.string()),
      identityKey: z.string(),
      phoneKey: z.optional(z.string()),
    }),
    title: z.string(),
    content: z.string(),
    attachments: z.optional(z.array(z.object({ name: z.string(), url: z.string() }))),
    categoryId: z.optional(id),
    skipLevel: z.boolean(),
    registeredLate: z.optional(z.boolean()),
  }),
  CaseScreenedOut: z.omit(commandSchemas.screenOut, { type: true }),
  ScreeningOverturned: z.omit(commandSchemas.overturnScreening, { type: true }),
  CaseLinkedAsRepeat: z.omit(commandSchemas.linkRepeat, { type: true }),
  CaseRefusedAsConcluded: z.omit(commandSchemas.refuseConcludedMatter, { type: true }),
  CaseScreenedIn: nothing,
  CaseRouted: z.omit(commandSchemas.route, { type: true }),
  CaseForwarded: dispatched,
  CaseAssigned: dispatched,
  CaseSigned: nothing,
  CaseReturned: z.object({ returnedBy: id, to: id, reason: z.string() }),
  CaseAccepted: z.object({ notice: z.string(), leader: person, handler: person }),
  CaseDeclined: z.object({ notice: z.string(), reason: z.string() }),
  ResponsibilityAssigned: z.object({ leader: person, handler: person, reason: z.string() }),
  HandlingNoteRecorded: z.object({ kind: z.enum(['note', 'contact']), text: z.string() }),
  AssistingOrganAdded: z.object({ unitId: id, reason: z.string() }),
  ContributionRecorded: z.object({ text: z.string() }),
  ExtensionRequested: z.object({ days: z.number(), reason: z.string() }),
  ExtensionApproved: z.object({ days: z.number(), reason: z.string(), dueAt: z.string() }),
  ExtensionRefused: z.object({ reason: z.string() }),
  CaseReplied: z.object({ outcome: z.enum(['supported', 'explained', 'not_supported']), text: z.string() }),
  CaseEvaluated: z.object({ rating: z.enum(ratings) }),
  CaseUnrated: z.object({ revisitTasks: z.array(revisitTask) }),
  RevisitRecorded: z.object({
    taskId: id,
    method: z.enum(revisitMethods),
    petitionerSaid: z.string(),
    outcome: z.enum(['resolved', 'problem_found']),
  }),
  CaseVerified: z.discriminatedUnion('finding', [
    z.object({
      finding: z.literal('unreasonable_demand'),
      explanation: z.string(),
      petitionerResponse: z.string(),
    }),
    z.object({
      finding: z.literal('organ_failure'),
      failureKind: z.enum(organFailureKinds),
      supervisionId: id,
      mode: z.enum(supervisionModes),
      reason: z.string(),
      accountabilityId: id,
    }),
  ]),
  SupervisionOpened: z.object({
    supervisionId: id,
    mode: z.enum(supervisionModes),
    supervisingUnitId: id,
    targetUnitId: id,
    deadlineKey: z.optional(id),
    reason: z.string(),
  }),
  SupervisionFollowedUp: z.object({ supervisionId: id, note: z.string() }),
  RectificationConfirmed: z.object({ supervisionId: id, note: z.string() }),
  CaseDeadlineWarned: deadlineFlag,
  CaseDeadlineMissed: deadlineFlag,
  AccountabilityOpened: z.object({
    accountabilityId: id,
    trigger: z.enum(accountabilityTriggers),
    incidentAt: z.string(),
    responsibleUnitId: id,
    proposingUnitId: id,
    deadlineKey: z.optional(id),
    reason: z.string(),
  }),
  AccountabilityStepRecorded: z.object({
    accountabilityId: id,
    step: z.enum(['criticism', 'proposal', 'transfer', 'outcome', 'publication']),
    text: z.string(),
  }),
  ReviewRequested: requested,
  ReviewDecided: decision,
  ReReviewRequested: requested,
  ReReviewDecided: decision,
} as const;

export type CaseEventType = keyof typeof caseEventPayloadSchemas;
export const caseEventTypes = Object.keys(caseEventPayloadSchemas) as readonly CaseEventType[];
export type CaseEventPayload<T extends CaseEventType> = z.output<(typeof caseEventPayloadSchemas)[T]>;

/** What every event carries besides its type and payload. */
interface CaseEventEnvelope {
  readonly version: 1;
  readonly caseId: string;
  readonly trackingNumber: string;
  /** The case version this event produced: with caseId, a unique and ordered event id. */
  readonly caseVersion: number;
  readonly occurredAt: string;
  readonly actor: Actor;
  readonly fromStage: Stage | null;
  readonly toStage: Stage;
  readonly unitId: string;
}

/** One event type with its payload typed. */
type CaseEventOf<T extends CaseEventType> = CaseEventEnvelope & {
  readonly type: T;
  readonly payload: Readonly<CaseEventPayload<T>>;
};

/** The event a transition emits: a union discriminated by `type`. */
export type CaseEvent = { [T in CaseEventType]: CaseEventOf<T> }[CaseEventType];

/**
 * Some envelope fields of an event, with `type` and `payload` still paired: what a pure consumer
 * (alerts, counters) depends on, so a test can hand it just those.
 */
export type CaseEventWith<K extends keyof CaseEventEnvelope> = {
  [T in CaseEventType]: Pick<CaseEventOf<T>, 'type' | 'payload' | K>;
}[CaseEventType];
