/**
 * Assessment (目标管理考核) with the real handlers on DynamoDB Local: a case goes through the
 * staff API and the public rating, its published events are counted by the KPI aggregator as the
 * assessment rule would deliver them, and the assessment API answers within a bureau's region.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type HotspotCluster, joinCluster, withActiveCluster } from '../../domain/hotspots/clusters.js';
import { termVector } from '../../domain/hotspots/terms.js';
import { provinceDirectory } from '../../domain/province/directory.js';
import { zhejiang } from '../../provinces/zhejiang.js';
import { driver } from '../support/drive.js';
import { type TestPlatform, testPlatform } from '../support/test-platform.js';

const BUREAU = '330106-xinfang';
const ORGAN = '330106-zhujian';
/** A county of another city (Ningbo), outside the remit of Xihu's bureau. */
const OTHER_REGION = '330212';
const leader = { personId: 'leader-1', name: '李局长' };
const handler = { personId: 'handler-1', name: '王科员' };
const directory = provinceDirectory(zhejiang);

let platform: TestPlatform;
let drive: ReturnType<typeof driver>;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
  drive = driver(platform);
});
afterEach(async () => platform.dispose());

/** Registered, forwarded, accepted, replied after the handling deadline, rated dissatisfied. */
async function lateDissatisfiedCase(): Promise<string> {
  const { trackingNumber: id, queryCode } = await drive.submit({});
  expect((await drive.act(id, 'forward', BUREAU, 'triage_officer', { toUnitId: ORGAN })).status).toBe(200);
  expect((await drive.act(id, 'signFor', ORGAN, 'handler')).status).toBe(200);
  expect(
    (await drive.act(id, 'accept', ORGAN, 'leader', { notice: '予以受理', leader, handler })).status,
  ).toBe(200);
  const handling = (await platform.deps.cases.get(id))!.deadlines.find((d) => d.key === 'handling')!;
  platform.clock.set(new Date(Date.parse(handling.dueAt) + 3_600_000).toISOString());
  expect(
    (await drive.act(id, 'reply', ORGAN, 'handler', { outcome: 'explained', text: '已调查处理。' })).status,
  ).toBe(200);
  const rated = await drive.publicPost(id, 'evaluation', { code: queryCode, rating: 'dissatisfied' });
  expect(rated.status).toBe(200);
  return id;
}

async function assessmentJson(unit: string, query: Record<string, string>) {
  const r = await drive.assessment(unit, 'leader', query);
  return { status: r.statusCode, body: JSON.parse(String(r.body)) };
}

/** A hot issue of three petitioners in Xihu, in March, stored as the grouper stores it. */
async function hotIssueInXihu(): Promise<void> {
  let cluster: HotspotCluster | undefined;
  for (const n of [1, 2, 3]) {
    const region = await platform.deps.hotspots.regionClusters('330106');
    const stored = cluster && (await platform.deps.hotspots.cluster('330106', cluster.clusterId));
    cluster = joinCluster(
      stored?.cluster,
      {
        caseId: `XF2026030200010${n}`,
        trackingNumber: `XF2026030200010${n}`,
        regionCode: '330106',
        receivedAt: `2026-03-0${n + 1}T02:00:00.000Z`,
        petitioner: `p${n}`,
        skipLevel: false,
        title: '蒋村化工厂排放刺鼻气味',
        topic: '环境保护',
        vector: termVector('蒋村化工厂排放刺鼻气味', '请查处', () => 1),
      },
      0.9,
    );
    const result = await platform.deps.hotspots.assign({
      caseId: `XF2026030200010${n}`,
      region,
      activeAfter: withActiveCluster(region.active, cluster, cluster.lastAt, 30),
      cluster,
      clusterVersion: stored?.version ?? 0,
      day: `2026-03-0${n + 1}`,
      warnings: [],
    });
    expect(result).toBe('assigned');
  }
}

describe('assessment', () => {
  it('lists the region’s hot issues of the half year with their heat in the half-yearly report only', async () => {
    // Prepare
    await hotIssueInXihu();

    // Act
    const half = await assessmentJson(BUREAU, { region: '330106', half: '2026H1' });
    const months = await assessmentJson(BUREAU, { region: '330106', from: '2026-03', to: '2026-03' });
    const otherHalf = await assessmentJson(BUREAU, { region: '330106', half: '2026H2' });

    // Assess
    expect(half.status).toBe(200);
    expect(half.body.hotIssues).toHaveLength(1);
    expect(half.body.hotIssues[0]).toMatchObject({
      title: '蒋村化工厂排放刺鼻气味',
      size: 3,
      distinctPetitioners: 3,
    });
    expect(half.body.hotIssues[0].heat).toBeGreaterThan(0);
    expect(months.body.hotIssues).toBeUndefined();
    expect(otherHalf.body.hotIssues).toEqual([]);
  });

  it('counts each event once however often it is delivered', async () => {
    // Prepare
    await lateDissatisfiedCase();
    const envelopes = platform.bus.envelopes();

    // Act
    const first = await drive.countKpis(envelopes);
    const counted = await platform.deps.assessment.read([BUREAU, ORGAN], ['2026-03', '2026-04', '2026-05']);
    const again = await drive.countKpis([...envelopes, ...envelopes]);
    const recounted = await platform.deps.assessment.read([BUREAU, ORGAN], ['2026-03', '2026-04', '2026-05']);

    // Assess
    expect([...first.batchItemFailures, ...again.batchItemFailures]).toEqual([]);
    expect(recounted).toEqual(counted);
    expect(platform.logLines.some((l) => l.includes('assessment already counted'))).toBe(true);
    const bureauMarch = counted.find((c) => c.unitId === BUREAU && c.month === '2026-03');
    expect(bureauMarch?.counters).toMatchObject({ registered: 1, forwarded: 1, forwardedOnTime: 1 });
    expect(bureauMarch?.counters.registeredLate).toBeUndefined();
  });

  it('shows the county bureau the organ’s late reply and dissatisfaction in the half-year report', async () => {
    // Prepare
    await lateDissatisfiedCase();
    await drive.countKpis(platform.bus.envelopes());

    // Act
    const { status, body } = await assessmentJson(BUREAU, { region: '330106', half: '2026H1' });

    // Assess
    expect(status).toBe(200);
    expect(body).toMatchObject({ region: '330106', from: '2026-01', to: '2026-06', half: '2026H1' });
    const organ = body.units.find((u: { unitId: string }) => u.unitId === ORGAN);
    expect(organ.name).toBe(directory.unit(ORGAN).name);
    expect(organ.counters).toMatchObject({
      accepted: 1,
      acceptedOnTime: 1,
      replied: 1,
      ratedDissatisfied: 1,
    });
    expect(organ.rates.onTimeCompletion).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(organ.rates.satisfaction).toEqual({ numerator: 0, denominator: 1, value: 0 });
    expect(body.total.counters).toMatchObject({ registered: 1, replied: 1, revisitsPlanned: 2 });
    expect(body.total.rates.onTimeRegistration).toEqual({ numerator: 1, denominator: 1, value: 1 });
  });

  it('refuses a region outside the bureau’s remit and a unit outside the organ’s, with an audit line', async () => {
    // Prepare
    const requests = [
      () => assessmentJson(BUREAU, { region: OTHER_REGION, half: '2026H1' }),
      () => assessmentJson(ORGAN, { unit: BUREAU, half: '2026H1' }),
      () => assessmentJson(ORGAN, { region: '330106', half: '2026H1' }),
    ];

    // Act
    const answers = [];
    for (const request of requests) answers.push(await request());

    // Assess
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403]);
    const audits = platform.logLines
      .map((l) => JSON.parse(l))
      .filter((l) => l.audit && l.action === 'assessment');
    expect(audits).toHaveLength(3);
  });

  it('lets an organ read itself and answers 400 for a malformed period', async () => {
    // Prepare
    await lateDissatisfiedCase();
    await drive.countKpis(platform.bus.envelopes());

    // Act
    const own = await assessmentJson(ORGAN, { from: '2026-03', to: '2026-05' });
    const bad = await assessmentJson(ORGAN, { from: '2026-05', to: '2026-03' });

    // Assess
    expect(own.status).toBe(200);
    expect(own.body.units.map((u: { unitId: string }) => u.unitId)).toEqual([ORGAN]);
    expect(own.body.months).toEqual(['2026-03', '2026-04', '2026-05']);
    expect(bad.status).toBe(400);
  });

  it('exports the half-year report as CSV with one row per unit with activity', async () => {
    // Prepare
    await lateDissatisfiedCase();
    await drive.countKpis(platform.bus.envelopes());

    // Act
    const r = await drive.assessment(BUREAU, 'leader', { region: '330106', half: '2026H1', format: 'csv' });

    // Assess
    expect(r.statusCode).toBe(200);
    expect(r.headers?.['content-type']).toMatch(/^text\/csv/);
    const lines = String(r.body).trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^单位,单位编号,登记件数,按时登记率,/);
    expect(lines).toHaveLength(3);
    const organRow = lines.find((l) => l.includes(`,${ORGAN},`));
    expect(organRow?.startsWith(`${directory.unit(ORGAN).name},`)).toBe(true);
    expect(organRow).toContain('0.00% (0/1)');
    expect(lines.some((l) => l.startsWith(`${directory.unit(BUREAU).name},${BUREAU},1,`))).toBe(true);
  });
});
