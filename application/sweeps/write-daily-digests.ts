/**
 * The daily digest at 08:00 Beijing time (issue #7): for every unit of the province, reads its open
 * cases from the `inbox` index (a one-item probe, then one key query per open stage, page by page;
 * never a scan) and writes ONE digest into its feed: counts by stage, due within three days,
 * overdue, and the most urgent tracking numbers. Units with nothing open get no digest. A digest's
 * key is its unit and Beijing day, so a second run on the same day writes nothing new.
 */
import type { CaseRepository, CaseSummary } from '../../domain/case/repository.js';
import { dailyDigestFor } from '../../domain/notifications/daily-digest.js';
import type { Unit } from '../../domain/province/schema.js';
import type { Clock, Metrics, ProvinceContext, StaffFeed } from '../ports.js';

export interface WriteDailyDigestsPorts {
  readonly cases: Pick<CaseRepository, 'holdsAnyCase' | 'inbox'>;
  readonly staffFeed: Pick<StaffFeed, 'add'>;
  readonly province: Pick<ProvinceContext, 'config'>;
  readonly clock: Clock;
  readonly wallClock: Clock;
  readonly metrics: Metrics;
}

export interface DigestReport {
  readonly unitsRead: number;
  /** One-item key queries telling whether a unit holds any case at all. */
  readonly probes: number;
  /** Inbox pages read; a page is one key query per open stage it reaches (never a scan). */
  readonly inboxPages: number;
  readonly itemsRead: number;
  readonly digestsWritten: number;
  readonly durationMs: number;
}

/** Units read at once: enough to hide query latency, few enough to stay far below table limits. */
const unitsInParallel = 8;
const pageSize = 100;

export async function writeDailyDigests(ports: WriteDailyDigestsPorts): Promise<DigestReport> {
  const units = ports.province.config.units;
  const started = Date.parse(ports.wallClock.now());
  const now = ports.clock.now();
  let probes = 0;
  let inboxPages = 0;
  let itemsRead = 0;
  let digestsWritten = 0;

  const digest = async (unit: Unit): Promise<void> => {
    // Most units of a province never hold a case: one probe instead of a query per open stage.
    probes++;
    if (!(await ports.cases.holdsAnyCase(unit.id))) return;
    const open: CaseSummary[] = [];
    let cursor: string | undefined;
    do {
      const page = await ports.cases.inbox({
        unitId: unit.id,
        limit: pageSize,
        ...(cursor ? { cursor } : {}),
      });
      inboxPages++;
      itemsRead += page.items.length;
      open.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    const entry = dailyDigestFor(unit, open, now);
    if (entry) digestsWritten += await ports.staffFeed.add([entry]);
  };

  let next = 0;
  const worker = async () => {
    while (next < units.length) {
      const unit = units[next++]!;
      await digest(unit);
    }
  };
  await Promise.all(Array.from({ length: Math.min(unitsInParallel, units.length) }, worker));

  const report: DigestReport = {
    unitsRead: units.length,
    probes,
    inboxPages,
    itemsRead,
    digestsWritten,
    durationMs: Date.parse(ports.wallClock.now()) - started,
  };
  ports.metrics.record(
    'daily-digest',
    {
      UnitsRead: report.unitsRead,
      Probes: report.probes,
      InboxPages: report.inboxPages,
      ItemsRead: report.itemsRead,
      DigestsWritten: report.digestsWritten,
    },
    report.durationMs,
  );
  return report;
}
