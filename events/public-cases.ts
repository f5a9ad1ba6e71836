/**
 * Contracts of the petitioner's case endpoints (`/public/cases/{trackingNumber}…`): the lookup,
 * the rating and the request for review or re-review. Version 1. The tracking number and query
 * code are the only credentials.
 */
import '../domain/zod-messages.js';
import * as z from 'zod/mini';
import { ratings } from '../domain/case/model.js';

const trackingNumber = z.string().check(z.regex(/^[A-Z0-9]{6,32}$/, 'expected a tracking number'));
const code = z.string().check(z.regex(/^\d{6}$/, 'expected the 6-digit query code'));

/** GET /public/cases/{trackingNumber}?code= */
export const lookupSchema = z.object({ trackingNumber, code });

/** POST /public/cases/{trackingNumber}/evaluation (满意度评价) */
export const evaluationSchema = z.object({
  code,
  rating: z.enum(ratings),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(2_000))),
});

/** POST /public/cases/{trackingNumber}/review: 复查 after the reply, 复核 after the review decision. */
export const reviewRequestSchema = z.object({
  code,
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2_000)),
});

/** The tracking-number path parameter. */
export const trackingNumberSchema = trackingNumber;
