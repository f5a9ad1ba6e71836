/**
 * Hot-issue grouping (issue 16) on DynamoDB Local: the shared messages replayed in time order
 * through the grouper's use case and the real store, one registration at a time; what one
 * registration costs (items read and written, time), then one hourly sweep at the last message's
 * time and the items it reads per active cluster.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupCase } from '../../../application/hotspots/group-case.js';
import { sweepHotspots } from '../../../application/hotspots/sweep-hotspots.js';
import { termVector } from '../../../domain/hotspots/terms.js';
import type { ProvinceDirectory } from '../../../domain/province/directory.js';
import {
  createNgramIdf,
  createTopicClassifier,
  parseTopicModel,
} from '../../../domain/routing/topic-model.js';
import { DynamoHotspotStore } from '../../../functions/adapters/dynamodb/hotspot-store.js';
import { provinceConfig } from '../../../provinces/index.js';
import { artifactPath } from '../../../tools/routing/artifact.js';
import { sharedDataDir } from '../../../tools/routing/data.js';
import type { BenchEnv, BenchRow } from '../bench.js';

interface Message {
  readonly id: string;
  readonly title: string;
  readonly content: string;
  readonly at: string;
  readonly place: string;
}

function messages(limit: number): Message[] {
  const rows = readFileSync(join(sharedDataDir, 'petitions-with-replies.zh.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, string>)
    .map((r) => ({
      id: String(r['id']),
      title: r['title'] ?? '',
      content: r['content'] ?? '',
      at: new Date(Date.parse(`${String(r['time']).replace(' ', 'T')}+08:00`)).toISOString(),
      place: /[A-Z]\d+[区县市]/.exec(`${r['title']}${r['content']}`)?.[0] ?? 'A市',
    }))
    .sort((a, b) => (a.at < b.at ? -1 : 1));
  return rows.slice(-limit);
}

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const section = 'hotspots';
  // The grouper's own items only: no stream needed.
  const table = await env.createTable({}, { stream: false });
  try {
    const store = new DynamoHotspotStore(table.client, table.tableName);
    const model = parseTopicModel(JSON.parse(readFileSync(artifactPath, 'utf8')));
    const classifier = createTopicClassifier(model);
    const idf = createNgramIdf(model);
    const directory = {
      bureauFor: (code: string) => ({ id: `${code}-bureau` }),
      region: (code: string) => ({ name: code }),
    } as unknown as ProvinceDirectory;
    const quiet = { info() {}, warn() {}, error() {} };
    const base = {
      hotspots: store,
      province: { config: provinceConfig('zhejiang'), directory },
      staffFeed: { add: async (e: readonly unknown[]) => e.length },
      hotspotEvents: { publishHotspotEvents: async () => {} },
      logger: quiet,
    };
    const ports = {
      ...base,
      text: {
        read: (title: string, content: string) => ({
          vector: termVector(title, content, idf),
          topic: classifier.predict({ title, content }).topic,
        }),
      },
    };
    const replay = messages(env.quick ? 300 : 1500);
    env.log(`hotspots: grouping ${replay.length} messages one at a time`);
    let conflicts = 0;
    /** When each cluster of several cases last grew: the sweep runs when most of them are active. */
    const grewAt = new Map<string, string>();
    const started = performance.now();
    for (const m of replay) {
      const result = await groupCase(ports, {
        caseId: m.id,
        trackingNumber: m.id,
        receivedAt: m.at,
        regionCode: m.place,
        title: m.title,
        content: m.content,
        skipLevel: false,
        petitioner: { identityKey: `message-${m.id}` },
      });
      conflicts += result.attempts - 1;
      if (result.clusterId && result.clusterId !== `hs-${m.id}`) grewAt.set(result.clusterId, m.at);
    }
    const groupingMs = performance.now() - started;
    const grouped = { ...store.counts };

    // The sweep an hour after the moment most clusters of several cases were active (the data spans
    // years, so at its very end few are): what it reads per cluster it keeps active.
    const lookback = base.province.config.hotspots.lookbackDays * 86_400_000;
    const activeAt = (t: string) =>
      [...grewAt.values()].filter((g) => g <= t && Date.parse(g) + lookback > Date.parse(t)).length;
    const busiest = [...grewAt.values()].sort((a, b) => activeAt(b) - activeAt(a))[0] ?? replay.at(-1)?.at;
    const now = new Date(Date.parse(busiest ?? new Date().toISOString()) + 3_600_000).toISOString();
    const before = store.counts.read;
    const report = await sweepHotspots({ ...base, clock: { now: () => now }, metrics: { record() {} } });
    const sweepReads = store.counts.read - before;
    return [
      {
        section,
        metric: 'grouping time',
        value: Number((groupingMs / replay.length).toFixed(2)),
        unit: 'ms/case',
        note: `${replay.length} messages in time order, one at a time`,
      },
      {
        section,
        metric: 'items read per registration',
        value: Number((grouped.read / replay.length).toFixed(2)),
        unit: 'items',
        note: 'membership, the region’s active clusters, the cluster joined',
      },
      {
        section,
        metric: 'items written per registration',
        value: Number((grouped.written / replay.length).toFixed(2)),
        unit: 'items',
        note: 'one transaction: membership, region, cluster, day count (+ warnings)',
      },
      {
        section,
        metric: 'version conflicts',
        value: conflicts,
        unit: 'retries',
        note: 'serial replay: expected 0',
      },
      { section, metric: 'sweep: active clusters', value: report.activeClusters, unit: 'clusters' },
      {
        section,
        metric: 'sweep: items read ÷ active clusters',
        value: Number((sweepReads / Math.max(report.activeClusters, 1)).toFixed(2)),
        unit: 'items',
        note: `${sweepReads} items: index keys, clusters, day counts, pending warnings (at a past instant of the replay: clusters begun later count too)`,
      },
    ];
  } finally {
    await table.dispose();
  }
}
