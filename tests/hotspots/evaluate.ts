/**
 * `npm run hotspots:eval`: replays the shared messages (../shared/data, the TipDM 2020 problem C
 * data) with their original times through hot-issue grouping (the same use case the grouper runs,
 * on an in-memory store) and prints the top 5 hot issues with heat, time range, place and a
 * description (the problem's task 2 output), then cluster purity against the topic labels where
 * the messages have them, and the cost of grouping per message.
 *
 * The data's places are anonymised ("A市A2区"): the most specific one a message names is its region.
 * The messages carry no petitioner: each counts as a petitioner of its own.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupCase } from '../../application/hotspots/group-case.js';
import { topHotIssues } from '../../application/hotspots/read-hotspots.js';
import { termVector } from '../../domain/hotspots/terms.js';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import { createNgramIdf, createTopicClassifier, parseTopicModel } from '../../domain/routing/topic-model.js';
import { provinceConfig } from '../../provinces/index.js';
import { artifactPath } from '../../tools/routing/artifact.js';
import { sharedDataDir } from '../../tools/routing/data.js';
import { MemoryHotspotStore } from './memory-store.js';

interface Message {
  readonly id: string;
  readonly title: string;
  readonly content: string;
  readonly label?: string;
  readonly at: string;
  readonly place: string;
}

const files = [
  'petitions-labelled-sample.zh.jsonl',
  'petitions-labelled-train.zh.jsonl',
  'petitions-with-replies.zh.jsonl',
];

/** The most specific anonymised place a message names: a district or county, else a city. */
function placeOf(text: string): string {
  return /[A-Z]\d+[区县市]/.exec(text)?.[0] ?? /[A-Z]市/.exec(text)?.[0] ?? '未知地区';
}

function readMessages(): Message[] {
  const seen = new Set<string>();
  const messages: Message[] = [];
  for (const file of files) {
    for (const line of readFileSync(join(sharedDataDir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as Record<string, unknown>;
      const time = typeof row['time'] === 'string' ? row['time'] : undefined;
      const id = String(row['id']);
      if (!time || seen.has(id)) continue;
      seen.add(id);
      const title = typeof row['title'] === 'string' ? row['title'] : '';
      const content = typeof row['content'] === 'string' ? row['content'] : '';
      messages.push({
        id,
        title,
        content,
        ...(typeof row['label'] === 'string' ? { label: row['label'] } : {}),
        at: new Date(Date.parse(`${time.replace(' ', 'T')}+08:00`)).toISOString(),
        place: placeOf(`${title}${content}`),
      });
    }
  }
  return messages.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
}

const model = parseTopicModel(JSON.parse(readFileSync(artifactPath, 'utf8')));
const classifier = createTopicClassifier(model);
const idf = createNgramIdf(model);
const config = provinceConfig('zhejiang');
const store = new MemoryHotspotStore();
const quiet = { info() {}, warn() {}, error() {} };
// Places of the data are not the province's regions: the directory answers for them by name.
const directory = {
  bureauFor: (code: string) => ({ id: `${code}-bureau` }),
  region: (code: string) => ({ name: code }),
  findRegion: (code: string) => ({ code, name: code }),
  children: () => [],
} as unknown as ProvinceDirectory;
let warnings = 0;
const ports = {
  hotspots: store,
  text: {
    read: (title: string, content: string) => ({
      vector: termVector(title, content, idf),
      topic: classifier.predict({ title, content }).topic,
    }),
  },
  province: { config, directory },
  staffFeed: {
    add: async (entries: readonly unknown[]) => {
      warnings += entries.length;
      return entries.length;
    },
  },
  hotspotEvents: { publishHotspotEvents: async () => {} },
  logger: quiet,
};

const messages = readMessages();
const started = performance.now();
for (const m of messages) {
  await groupCase(ports, {
    caseId: m.id,
    trackingNumber: m.id,
    receivedAt: m.at,
    regionCode: m.place,
    title: m.title,
    content: m.content,
    skipLevel: false,
    petitioner: { identityKey: `message-${m.id}` },
  });
}
const elapsed = performance.now() - started;

const first = messages[0]?.at.slice(0, 10) ?? '';
const last = messages.at(-1)?.at.slice(0, 10) ?? '';
const places = [...new Set(messages.map((m) => m.place))];
// Every place is a region of its own: rank across them all.
const all = (
  await Promise.all(
    places.map((p) =>
      topHotIssues({ hotspots: store, province: { config, directory } }, p, { from: first, to: last }, 5),
    ),
  )
)
  .flat()
  .sort((a, b) => b.heat - a.heat)
  .slice(0, 5);

const day = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10);
console.log(
  `hotspots:eval — ${messages.length} messages with a time, ${first} … ${last}, ${places.length} places`,
);
console.log(
  `grouping: ${(elapsed / messages.length).toFixed(2)} ms per message; similarity ${config.hotspots.similarity}, look-back ${config.hotspots.lookbackDays} days, half-life ${config.hotspots.halfLifeDays} days`,
);
console.log(
  `store items per message: ${(store.counts.read / messages.length).toFixed(2)} read, ${(store.counts.written / messages.length).toFixed(2)} written`,
);
console.log('\nTop 5 hot issues (heat at each issue’s last message):');
console.log('rank  heat    cases  time range               place   description');
all.forEach((issue, i) => {
  console.log(
    `${String(i + 1).padEnd(5)} ${issue.heat.toFixed(2).padStart(6)}  ${String(issue.size).padStart(5)}  ${day(issue.firstAt)} … ${day(issue.lastAt)}  ${issue.region.code.padEnd(6)}  ${issue.title}（${issue.keywords.join('、')}）`,
  );
});

// Purity against the topic labels, over clusters of two or more labelled messages.
const labelOf = new Map(messages.filter((m) => m.label).map((m) => [m.id, m.label as string]));
let labelled = 0;
let majority = 0;
let clusters = 0;
let grouped = 0;
for (const { cluster } of store.clusters.values()) {
  if (cluster.size >= 2) grouped += cluster.size;
  const labels = cluster.members
    .map((m) => labelOf.get(m.caseId))
    .filter((l): l is string => l !== undefined);
  if (labels.length < 2) continue;
  clusters++;
  labelled += labels.length;
  const counts = new Map<string, number>();
  for (const l of labels) counts.set(l, (counts.get(l) ?? 0) + 1);
  majority += Math.max(...counts.values());
}
console.log(
  `\nclusters: ${store.clusters.size} (${[...store.clusters.values()].filter((c) => c.cluster.size >= 2).length} of two or more messages, holding ${grouped} messages)`,
);
console.log(
  `purity against the topic labels: ${(majority / Math.max(labelled, 1)).toFixed(3)} over ${clusters} clusters with two or more labelled messages (${labelled} messages)`,
);
console.log(`warnings raised (five distinct petitioners in seven days): ${warnings}`);
