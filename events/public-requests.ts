/**
 * What the petitioner's endpoints accept (`/public/cases/{trackingNumber}…`): the handler parses
 * with these and the OpenAPI document describes the requests from them.
 */
import * as z from 'zod/mini';
import { ratings } from '../domain/case/model.js';

export const trackingNumberSchema = z
  .string()
  .check(z.regex(/^[A-Z0-9]{6,32}$/, 'expected a tracking number'));
const code = z.string().check(z.regex(/^\d{6}$/, 'expected the 6-digit query code'));

/** `GET /public/cases/{trackingNumber}?code=`: the path's number and the query's code. */
export const lookupSchema = z.object({ trackingNumber: trackingNumberSchema, code });
/** `POST …/evaluation`: the rating (满意 / 基本满意 / 不满意) and an optional comment. */
export const evaluationSchema = z.object({
  code,
  rating: z.enum(ratings),
  comment: z.optional(z.string().check(z.trim(), z.maxLength(2_000))),
});
/** `POST …/review`: asks for review (复查), or for re-review (复核) after a review opinion. */
export const reviewRequestSchema = z.object({
  code,
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(2_000)),
});
