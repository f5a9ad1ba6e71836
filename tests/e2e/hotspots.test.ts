/**
 * Hot issues and early warning of mass petitions (issue 16), end to end on the local runtime over
 * HTTP only: petitions go through the webhook, intake, the bus rule, the `hotspots` queue and the
 * grouper into DynamoDB; the bureau reads `GET /staff/hotspots` and its feed; the sweep runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, type Exchange, e2eClient, type Json } from '../support/e2e-client.js';
import { mismatches } from '../support/openapi-check.js';

let stop: () => Promise<void>;
let client: ReturnType<typeof e2eClient>;
const exchanges: Exchange[] = [];

const BUREAU = '330106-xinfang';
const OTHER_BUREAU = '330105-xinfang';

/** One matter (a chemical plant's smell) in 西湖区, worded a little differently by each petitioner. */
const smell = [
  [
    '蒋村化工厂排放刺鼻气味',
    '蒋村附近的化工厂每天晚上排放刺鼻气味，居民无法开窗睡觉，请环保部门查处化工厂偷排。',
  ],
  ['化工厂夜间偷排废气刺鼻', '我家住在蒋村，化工厂夜间偷排废气，气味刺鼻，孩子咳嗽，请生态环境局查处。'],
  ['投诉蒋村化工厂废气扰民', '蒋村化工厂废气扰民，刺鼻气味持续一个多月，请求环保部门对化工厂偷排进行查处。'],
  ['蒋村化工厂气味刺鼻问题', '反映蒋村化工厂排放废气，刺鼻气味严重影响居民健康，希望尽快查处化工厂。'],
  ['化工厂排放刺鼻废气', '蒋村的化工厂晚上排放刺鼻废气，整个小区都能闻到气味，请环保部门查处偷排行为。'],
  [
    '再次反映蒋村化工厂刺鼻气味',
    '蒋村化工厂排放的刺鼻气味没有改善，居民晚上无法开窗，请查处化工厂偷排废气。',
  ],
] as const;

const unrelated = [
  ['小区物业乱收费', '我们小区物业公司擅自提高物业费，业主多次反映无果，请住建部门调查处理。'],
  ['学校食堂饭菜质量差', '孩子学校食堂饭菜质量差，价格高，家长多次反映，请教育局督促整改。'],
  ['公交线路调整不便', '公交线路调整后，老人去医院要换乘两次，请交通运输局恢复原线路。'],
] as const;

beforeAll(async () => {
  const booted = await bootPlatform('petition-hotspots-');
  stop = booted.stop;
  client = e2eClient(booted.platform, exchanges);
}, 240_000);

afterAll(async () => stop?.());

async function submit(phone: string, [title, content]: readonly [string, string], regionCode = '330106') {
  const response = await client.submit(phone, { title, content, regionCode });
  expect(response.status, JSON.stringify(response.body)).toBe(202);
  return response.body.trackingNumber as string;
}

async function hotspots(unitId: string, query = '') {
  return client.http('GET', `/staff/hotspots${query}`, undefined, {
    authorization: `Bearer ${await client.token(unitId, 'triage_officer')}`,
  });
}

async function warningsOf(unitId: string): Promise<Json[]> {
  const feed = await client.http('GET', `/staff/notifications?unit=${unitId}&limit=100`, undefined, {
    authorization: `Bearer ${await client.token(unitId, 'triage_officer')}`,
  });
  expect(feed.status).toBe(200);
  return feed.body.items.filter((e: Json) => e.kind === 'hotspot_warning');
}

describe('hot issues on the running platform', () => {
  const matter: string[] = [];

  it('groups petitions from different phones about one matter in one district into one cluster at the top', async () => {
    // Prepare: five people about the smell, unrelated petitions between them, and one of them again
    for (const [i, petition] of smell.slice(0, 5).entries()) {
      matter.push(await submit(`1390000100${i}`, petition));
      if (unrelated[i]) await submit(`1370000200${i}`, unrelated[i]);
    }
    matter.push(await submit('13900001000', smell[5]));

    // Act
    expect(await client.drained()).toBe(200);
    const response = await hotspots(BUREAU, '?region=330106');

    // Assess
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const [top, ...rest] = response.body.clusters;
    expect(top.region).toEqual({ code: '330106', name: '西湖区' });
    expect(top.size).toBe(6);
    expect(top.distinctPetitioners).toBe(5);
    expect([...top.trackingNumbers].sort()).toEqual([...matter].sort());
    expect(top.keywords.join('')).toMatch(/化工|刺鼻|蒋村/);
    expect(top.heat).toBeGreaterThan(0);
    expect(top.firstAt <= top.lastAt).toBe(true);
    expect(top.category).toBe('环境保护');
    expect(top.daily.reduce((sum: number, d: Json) => sum + d.count, 0)).toBe(6);
    for (const d of top.daily) expect(d.day >= response.body.from && d.day <= response.body.to).toBe(true);
    for (const other of rest) expect(other.heat).toBeLessThanOrEqual(top.heat);
  });

  it('puts one hotspot_warning in the district bureau’s feed, and the sweep run twice adds none', async () => {
    // Prepare
    expect((await warningsOf(BUREAU)).length).toBe(1);

    // Act
    expect((await client.http('POST', '/_local/schedules/hotspot-sweep')).status).toBe(200);
    expect((await client.http('POST', '/_local/schedules/hotspot-sweep')).status).toBe(200);

    // Assess
    const warnings = await warningsOf(BUREAU);
    expect(warnings).toHaveLength(1);
    expect(warnings[0].detail).toContain('5名不同信访人');
    expect(warnings[0].trackingNumbers.length).toBeGreaterThanOrEqual(5);
    expect(JSON.stringify(warnings[0])).not.toMatch(/1390000/);
  });

  it('does not show the cluster to another district’s bureau, nor let it read this district', async () => {
    const own = await hotspots(OTHER_BUREAU);
    expect(own.status).toBe(200);
    expect(own.body.clusters).toEqual([]);
    expect((await hotspots(OTHER_BUREAU, '?region=330106')).status).toBe(403);
    expect(await warningsOf(OTHER_BUREAU)).toEqual([]);
  });

  it('shows the cluster to the city bureau above the district', async () => {
    const city = await hotspots('330100-xinfang');
    expect(city.status).toBe(200);
    expect(city.body.clusters[0].trackingNumbers).toHaveLength(6);
  });

  it.each([
    ['?from=2026-13-01', 'from'],
    ['?to=yesterday', 'to'],
    ['?region=33', 'region'],
    ['?regoin=330106', 'regoin'],
    ['?from=2026-05-02&to=2026-05-01', 'from'],
  ])('answers %s with a 400 naming %s', async (query, field) => {
    const response = await hotspots(BUREAU, query);
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body.details)).toContain(field);
  });

  it('answers as the OpenAPI document says', async () => {
    const document = (await client.http('GET', '/openapi.json')).body;
    expect(mismatches(document, exchanges)).toEqual([]);
  });
});
