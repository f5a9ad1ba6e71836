import '../domain/zod-messages.js';
import * as z from 'zod/mini';

/** A case with something due, handed from a sweep to the casework queue. Version 1. */
export const caseDueMessageSchema = z.object({
  kind: z.literal('case.due'),
  version: z.literal(1),
  caseId: z.string().check(z.minLength(1)),
  /** The checkpoint the sweep saw, for tracing; the consumer re-reads the case. */
  checkpointAt: z.string(),
});
export type CaseDueMessage = z.infer<typeof caseDueMessageSchema>;
