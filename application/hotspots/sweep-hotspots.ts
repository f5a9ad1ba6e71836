/**
 * The hourly hot-issue sweep (issue 16, `hotspot-sweep`): recomputes the heat of every active
 * cluster (only those, from the sweep's index: never the whole table), takes quiet ones out of the
 * index, looks for spikes of today and yesterday per region and topic against their baselines, and
 * delivers every warning still undelivered (a crash after a warning was stored). Running it twice
 * raises nothing twice.
 */
import { baselineDays, heatOf, spikeOf } from '../../domain/hotspots/clusters.js';
import { spikeWarning } from '../../domain/hotspots/warnings.js';
import { beijingDay } from '../../domain/notifications/daily-digest.js';
import type { Clock, HotspotStore, Metrics, ProvinceContext } from '../ports.js';
import { type DeliverWarningsPorts, deliverWarnings } from './deliver-warnings.js';

const DAY_MS = 86_400_000;

export interface SweepHotspotsPorts extends DeliverWarningsPorts {
  readonly hotspots: Pick<
    HotspotStore,
    'activeClusters' | 'recordHeat' | 'countedOn' | 'dayCounts' | 'raise' | 'undelivered' | 'markDelivered'
  >;
  readonly province: Pick<ProvinceContext, 'config' | 'directory'>;
  readonly clock: Clock;
  readonly metrics: Metrics;
}

export interface SweepReport {
  readonly activeClusters: number;
  readonly retired: number;
  readonly spikes: number;
  readonly warningsDelivered: number;
}

export async function sweepHotspots(ports: SweepHotspotsPorts): Promise<SweepReport> {
  const started = Date.now();
  const now = ports.clock.now();
  const config = ports.province.config.hotspots;
  const active = await ports.hotspots.activeClusters(now);
  let retired = 0;
  for (const stored of active) {
    const heat = heatOf(stored.cluster, now, config);
    const stillActive = Date.parse(stored.cluster.lastAt) + config.lookbackDays * DAY_MS > Date.parse(now);
    if (!stillActive) retired++;
    await ports.hotspots.recordHeat(stored, { heat: heat.heat, growth: heat.growth, at: now }, stillActive);
  }

  // A spike that a cluster already warned about the same day is that matter: the bureau knows it.
  const explained = (regionCode: string, topic: string, day: string) =>
    active.some(
      ({ cluster: c }) =>
        c.regionCode === regionCode &&
        c.topic === topic &&
        c.warned.length > 0 &&
        beijingDay(c.lastAt) === day,
    );
  let spikes = 0;
  const today = beijingDay(now);
  const yesterday = beijingDay(new Date(Date.parse(now) - DAY_MS).toISOString());
  for (const day of [yesterday, today]) {
    for (const { regionCode, topic } of await ports.hotspots.countedOn(day)) {
      const days = [day, ...baselineDays(day, config.spike.baselineWeeks)];
      const counts = await ports.hotspots.dayCounts(regionCode, topic, days);
      const spike = spikeOf(day, (d) => counts.get(d) ?? 0, config.spike);
      if (!spike || explained(regionCode, topic, day)) continue;
      if (await ports.hotspots.raise(spikeWarning(regionCode, topic, spike, now))) spikes++;
    }
  }

  const pending = await ports.hotspots.undelivered(100);
  await deliverWarnings(ports, pending);
  const report = { activeClusters: active.length, retired, spikes, warningsDelivered: pending.length };
  ports.metrics.record('hotspot-sweep', report, Date.now() - started);
  return report;
}
