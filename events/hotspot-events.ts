/**
 * The hot-issue event contract, version 1 (issue 16): `HotspotWarningRaised` goes on the bus when a
 * cluster passes a province threshold or a region and topic spike, beside the `hotspot_warning` in
 * the bureau's feed. A consumer may see one twice (the bus delivers at least once): `warningId`
 * is the same each time. It names matters, places and tracking numbers, never a petitioner.
 */
import '../domain/zod-messages.js';
import * as z from 'zod/mini';
import type { HotspotWarning } from '../domain/hotspots/warnings.js';

/** The `source` of hot-issue events on the bus; case events have their own. */
export const hotspotEventSource = 'petition.hotspots';

const text = z.string().check(z.minLength(1));

export const hotspotWarningRaisedSchema = z.object({
  version: z.literal(1),
  type: z.literal('HotspotWarningRaised'),
  warningId: text,
  kind: z.enum(['cluster', 'spike']),
  regionCode: text,
  /** The bureau told in its feed. */
  bureauUnitId: text,
  topic: z.string(),
  raisedAt: z.string(),
  clusterId: z.optional(text),
  thresholdId: z.optional(text),
  withinDays: z.optional(z.int()),
  title: z.string(),
  keywords: z.array(z.string()),
  size: z.int(),
  distinctPetitioners: z.int(),
  trackingNumbers: z.array(z.string()),
  spike: z.optional(z.object({ day: z.string(), count: z.int(), mean: z.number(), z: z.number() })),
});
export type HotspotWarningRaised = z.output<typeof hotspotWarningRaisedSchema>;

/** The event of a warning delivered to a bureau. */
export function hotspotWarningRaised(warning: HotspotWarning, bureauUnitId: string): HotspotWarningRaised {
  return {
    version: 1,
    type: 'HotspotWarningRaised',
    ...warning,
    keywords: [...warning.keywords],
    trackingNumbers: [...warning.trackingNumbers],
    bureauUnitId,
  };
}
