/**
 * Delivers raised hot-issue warnings: a `hotspot_warning` in the feed of the region's bureau and a
 * `HotspotWarningRaised` event on the bus, then marks the warning delivered. Every step may run
 * again (a crash between them): the feed entry's key comes from the warning, so it is stored once;
 * the event carries the warning's id for consumers that see it twice.
 */
import type { HotspotWarning } from '../../domain/hotspots/warnings.js';
import { hotspotWarningAlert } from '../../domain/notifications/staff-alerts.js';
import { hotspotWarningRaised } from '../../events/hotspot-events.js';
import type { HotspotEventPublisher, HotspotStore, Logger, ProvinceContext, StaffFeed } from '../ports.js';

export interface DeliverWarningsPorts {
  readonly hotspots: Pick<HotspotStore, 'markDelivered'>;
  readonly staffFeed: Pick<StaffFeed, 'add'>;
  readonly hotspotEvents: HotspotEventPublisher;
  readonly province: Pick<ProvinceContext, 'directory'>;
  readonly logger: Logger;
}

/** Delivers each warning; returns how many feed entries were new. */
export async function deliverWarnings(
  ports: DeliverWarningsPorts,
  warnings: readonly HotspotWarning[],
): Promise<number> {
  let added = 0;
  for (const warning of warnings) {
    const { directory } = ports.province;
    const bureau = directory.bureauFor(warning.regionCode);
    const regionName = directory.region(warning.regionCode).name;
    added += await ports.staffFeed.add([hotspotWarningAlert(warning, bureau.id, regionName)]);
    await ports.hotspotEvents.publishHotspotEvents([hotspotWarningRaised(warning, bureau.id)]);
    await ports.hotspots.markDelivered(warning.warningId);
    ports.logger.info('hotspot warning delivered', {
      warningId: warning.warningId,
      bureau: bureau.id,
      size: warning.size,
      distinctPetitioners: warning.distinctPetitioners,
    });
  }
  return added;
}
