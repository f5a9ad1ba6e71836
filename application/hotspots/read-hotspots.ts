/**
 * `GET /staff/hotspots` (issue 16): the hot issues of a region subtree in a range of Beijing days,
 * hottest first. A bureau reads its region and the regions below; a province administrator all;
 * other units have no remit over places. The half-yearly report reads the top ones too.
 */
import type { StaffPrincipal } from '../../domain/access/jurisdiction.js';
import { type HotspotCluster, heatOf } from '../../domain/hotspots/clusters.js';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import { AccessDeniedError, InvalidRequestError, NotFoundError } from '../errors.js';
import type { Clock, HotspotStore, ProvinceContext } from '../ports.js';

const DAY_MS = 86_400_000;
/** The longest range one request may ask for, and the default one. */
const maxDays = 366;
const defaultDays = 30;
/** A matter raised once is not yet a hot issue. */
const minSize = 2;
const maxClusters = 50;

export interface ReadHotspotsPorts {
  readonly hotspots: Pick<HotspotStore, 'clustersOf'>;
  readonly province: Pick<ProvinceContext, 'config' | 'directory'>;
  readonly clock: Clock;
}

export interface HotspotsRequest {
  readonly region?: string | undefined;
  /** Beijing days, `YYYY-MM-DD`, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

/** One hot issue as the API and the report show it. */
export interface HotIssue {
  readonly id: string;
  readonly title: string;
  readonly keywords: readonly string[];
  readonly region: { readonly code: string; readonly name: string };
  readonly category: string;
  readonly size: number;
  readonly distinctPetitioners: number;
  readonly firstAt: string;
  readonly lastAt: string;
  readonly heat: number;
  readonly growth: number;
  readonly trackingNumbers: readonly string[];
  /**
   * Cases per Beijing day within the range, oldest day first, days without cases left out; from
   * the cluster's stored members (the newest 200), so an older part of a larger cluster is not drawn.
   */
  readonly daily: readonly { readonly day: string; readonly count: number }[];
}

export interface HotspotsReport {
  readonly region: string;
  readonly from: string;
  readonly to: string;
  /** The instant heat is computed at: the end of the range, or now if that is earlier. */
  readonly heatAt: string;
  readonly clusters: readonly HotIssue[];
}

const beijingStart = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`)).toISOString();
const beijingEnd = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + DAY_MS - 1).toISOString();
const beijingDay = (now: string) => new Date(Date.parse(now) + 8 * 3_600_000).toISOString().slice(0, 10);

export async function readHotspots(
  ports: ReadHotspotsPorts,
  staff: StaffPrincipal,
  request: HotspotsRequest,
): Promise<HotspotsReport> {
  const { directory } = ports.province;
  const now = ports.clock.now();
  const to = request.to ?? beijingDay(now);
  const from =
    request.from ??
    new Date(Date.parse(`${to}T00:00:00Z`) - (defaultDays - 1) * DAY_MS).toISOString().slice(0, 10);
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1) throw new InvalidRequestError([{ field: 'from', problem: 'must not be after to' }], 'query');
  if (days > maxDays)
    throw new InvalidRequestError([{ field: 'from', problem: `at most ${maxDays} days before to` }], 'query');
  const regionCode = regionOf(staff, request.region, directory);
  const end = beijingEnd(to);
  const heatAt = [end, now].sort()[0] as string;
  const clusters = await ports.hotspots.clustersOf(
    subtree(directory, regionCode),
    { from: beijingStart(from), to: end },
    minSize,
  );
  return {
    region: regionCode,
    from,
    to,
    heatAt,
    clusters: rank(clusters, () => heatAt, ports.province, { from, to }).slice(0, maxClusters),
  };
}

/**
 * The hottest issues of a region in a period for the half-yearly report: each with the heat it had
 * at its last case within the period (a matter of January is not cooled by June's reading).
 */
export async function topHotIssues(
  ports: Pick<ReadHotspotsPorts, 'hotspots' | 'province'>,
  regionCode: string,
  range: { from: string; to: string },
  count: number,
): Promise<HotIssue[]> {
  const clusters = await ports.hotspots.clustersOf(
    subtree(ports.province.directory, regionCode),
    { from: beijingStart(range.from), to: beijingEnd(range.to) },
    minSize,
  );
  const end = beijingEnd(range.to);
  return rank(clusters, (c) => [c.lastAt, end].sort()[0] as string, ports.province, range).slice(0, count);
}

function rank(
  clusters: readonly HotspotCluster[],
  heatAt: (c: HotspotCluster) => string,
  province: Pick<ProvinceContext, 'config' | 'directory'>,
  days: { readonly from: string; readonly to: string },
): HotIssue[] {
  return clusters
    .map((c) => {
      const { heat, growth } = heatOf(c, heatAt(c), province.config.hotspots);
      return {
        id: c.clusterId,
        title: c.title,
        keywords: c.keywords,
        region: {
          code: c.regionCode,
          name: province.directory.findRegion(c.regionCode)?.name ?? c.regionCode,
        },
        category: c.topic,
        size: c.size,
        distinctPetitioners: c.distinctPetitioners,
        firstAt: c.firstAt,
        lastAt: c.lastAt,
        heat,
        growth,
        trackingNumbers: c.members.map((m) => m.trackingNumber),
        daily: dailyCounts(c, days),
      };
    })
    .sort((a, b) => b.heat - a.heat || (a.id < b.id ? -1 : 1));
}

/** The cluster's stored cases per Beijing day from `from` to `to` (inclusive). */
function dailyCounts(
  cluster: Pick<HotspotCluster, 'members'>,
  { from, to }: { readonly from: string; readonly to: string },
): { day: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const m of cluster.members) {
    const day = beijingDay(m.at);
    if (day >= from && day <= to) counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, count]) => ({ day, count }));
}

/** The region and every region below it. */
function subtree(directory: ProvinceDirectory, regionCode: string): string[] {
  const codes = [regionCode];
  for (let i = 0; i < codes.length; i++)
    for (const child of directory.children(codes[i] as string)) codes.push(child.code);
  return codes;
}

/** The region asked for, after checking that the staff's bureau covers it. */
function regionOf(staff: StaffPrincipal, region: string | undefined, directory: ProvinceDirectory): string {
  const own = directory.findUnit(staff.unitId);
  if (own?.kind !== 'bureau')
    throw new AccessDeniedError(staff, 'hotspots', `${staff.unitId} is not a petition bureau`);
  const code = region ?? own.regionCode;
  if (!directory.findRegion(code))
    throw new NotFoundError('unknown_region', `no region ${code} in this province`);
  const provinceAdmin = staff.role === 'admin' && own.level === 'province';
  if (!provinceAdmin && !directory.isWithin(code, own.regionCode))
    throw new AccessDeniedError(staff, 'hotspots', `region ${code} is outside the remit of ${staff.unitId}`);
  return code;
}
