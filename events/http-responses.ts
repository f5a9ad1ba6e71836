/**
 * What the HTTP API answers, as schemas: the OpenAPI document (`GET /openapi.json`) describes the
 * responses from these, and the compiler holds the petitioner's view to the type the use cases
 * return ({@link PublicView}), so the document cannot drift from what the petitioner receives.
 */
import * as z from 'zod/mini';
import { reviewDecisions, stages } from '../domain/case/model.js';
import type { PublicView } from '../domain/case/public-view.js';
import { deadlineSteps } from '../domain/deadlines/rules.js';

/** Every 4xx and 5xx: a stable code, a message naming what was wrong, and details where useful. */
export const errorBodySchema = z.object({
  error: z.string(),
  message: z.string(),
  /** For a 400: each failing field and its problem. */
  details: z.optional(z.unknown()),
  /** For `409 window_closed`: when the window closed. */
  closedAt: z.optional(z.string()),
  /** For `409 stage_conflict`: the stage the case is in. */
  stage: z.optional(z.enum(stages)),
});

/** The web webhook's 202: what the portal shows the petitioner to follow the case. */
export const webReceiptSchema = z.object({
  trackingNumber: z.string(),
  queryCode: z.string(),
  status: z.literal('received'),
  lookupUrl: z.string(),
});

/** The SMS webhook's 202: what was done with the message. */
export const smsReceiptSchema = z.looseObject({ messageId: z.string(), kind: z.string() });

const publicReviewSchema = z.object({
  level: z.enum(['review', 're_review']),
  label: z.string(),
  reviewUnit: z.string(),
  requestedAt: z.string(),
  decision: z.optional(z.enum(reviewDecisions)),
  decisionLabel: z.optional(z.string()),
  text: z.optional(z.string()),
  decidedAt: z.optional(z.string()),
  final: z.boolean(),
});

/** The petitioner's view of a case: lookup, and the answer to a rating or a review request. */
export const publicViewSchema: z.ZodMiniType<PublicView> = z.object({
  trackingNumber: z.string(),
  stage: z.enum(stages),
  stageLabel: z.string(),
  title: z.string(),
  registeredAt: z.string(),
  handlingUnit: z.optional(z.string()),
  guidance: z.optional(z.string()),
  repeatOf: z.optional(z.string()),
  concludedMatter: z.optional(
    z.object({ originalTrackingNumber: z.string(), concludedAt: z.string(), notice: z.string() }),
  ),
  overdue: z.boolean(),
  deadlines: z.array(
    z.object({
      step: z.enum(deadlineSteps),
      label: z.string(),
      dueAt: z.string(),
      provisional: z.boolean(),
      overdue: z.boolean(),
      status: z.string(),
    }),
  ),
  timeline: z.array(
    z.object({
      at: z.string(),
      event: z.string(),
      label: z.string(),
      detail: z.optional(z.string()),
      unit: z.optional(z.string()),
    }),
  ),
  reply: z.optional(z.object({ outcome: z.string(), text: z.string(), repliedAt: z.string() })),
  evaluation: z.optional(z.object({ rating: z.string(), at: z.string() })),
  reviews: z.optional(z.array(publicReviewSchema)),
  concluded: z.optional(z.object({ at: z.string(), notice: z.string() })),
  closed: z.optional(z.object({ reason: z.string(), at: z.string() })),
});

/** A case as staff read it (detail, and the answer to an action): open, its fields are many. */
export const staffCaseSchema = z.looseObject({
  caseId: z.string(),
  trackingNumber: z.string(),
  version: z.number(),
  stage: z.enum(stages),
  timeline: z.optional(z.array(z.looseObject({ event: z.string(), at: z.string() }))),
  /** The actions the caller may take now (the transition table and jurisdiction decide). */
  allowedActions: z.optional(z.array(z.string())),
});

/** A page of a list: items and the cursor of the next page. */
export const pageSchema = z.looseObject({ items: z.array(z.unknown()), nextCursor: z.optional(z.string()) });

/** `GET /staff/hotspots`: the hot issues of a region subtree, hottest first (issue 16). */
export const hotspotsReportSchema = z.object({
  region: z.string(),
  from: z.string(),
  to: z.string(),
  /** The instant heat is computed at: the end of the range, or now when that is earlier. */
  heatAt: z.string(),
  clusters: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      keywords: z.array(z.string()),
      region: z.object({ code: z.string(), name: z.string() }),
      /** The topic of the matter (one of the seven of the trained model). */
      category: z.string(),
      size: z.int(),
      distinctPetitioners: z.int(),
      firstAt: z.string(),
      lastAt: z.string(),
      heat: z.number(),
      growth: z.number(),
      trackingNumbers: z.array(z.string()),
      /** Cases per Beijing day in the range (of the newest 200 cases), days without cases left out. */
      daily: z.array(z.object({ day: z.string(), count: z.int() })),
    }),
  ),
});
