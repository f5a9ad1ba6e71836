import { z } from 'zod';

/** A case with something due, handed from a sweep to the casework queue. Version 1. */
export const caseDueMessageSchema = z.object({
  kind: z.literal('case.due'),
  version: z.literal(1),
  caseId: z.string().min(1),
  /** The checkpoint the sweep saw, for tracing; the consumer re-reads the case. */
  checkpointAt: z.string(),
});
export type CaseDueMessage = z.infer<typeof caseDueMessageSchema>;
