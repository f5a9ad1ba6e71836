/**
 * Bundle budget: every topology function bundled exactly as PetitionFunction ships it (same
 * esbuild options, infra/cdk/bundling.ts), next to a bundle holding only the AWS SDK clients its
 * topology access implies. The ratio shows what the function carries beyond those clients; the
 * note names SDK clients found in the bundle that its access does not need. Needs no DynamoDB.
 *
 * Also runs on its own: `npx tsx tests/bench/sections/bundle-size.ts`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build } from 'esbuild';
import { esbuildOptions } from '../../../infra/cdk/bundling.js';
import { type FunctionAccess, type FunctionSpec, topology } from '../../../infra/topology.js';
import type { BenchEnv, BenchRow } from '../bench.js';

const projectRoot = join(import.meta.dirname, '..', '..', '..');
const section = 'bundle-size';
/** A bundle above this many KiB (minified, without its source map) is flagged. */
export const bundleBudgetKiB = 1024;

/** SDK package → the client class a function constructs from it. */
const sdkClients = {
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/lib-dynamodb': 'DynamoDBDocumentClient',
  '@aws-sdk/client-sqs': 'SQSClient',
  '@aws-sdk/client-eventbridge': 'EventBridgeClient',
  '@aws-sdk/client-secrets-manager': 'SecretsManagerClient',
  '@aws-sdk/client-kms': 'KMSClient',
  '@aws-sdk/client-sns': 'SNSClient',
} as const;
type SdkPackage = keyof typeof sdkClients;

/** The SDK packages a function with `access` needs, and nothing else. */
export function impliedSdkPackages(access: FunctionAccess): SdkPackage[] {
  return [
    ...(access.table === 'none' ? [] : (['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'] as const)),
    ...(access.sendTo.length > 0 ? (['@aws-sdk/client-sqs'] as const) : []),
    ...(access.publishEvents ? (['@aws-sdk/client-eventbridge'] as const) : []),
    ...(access.webhookSecrets ? (['@aws-sdk/client-secrets-manager'] as const) : []),
    ...(access.personalDataKey === 'none' ? [] : (['@aws-sdk/client-kms'] as const)),
    ...(access.sendsSms ? (['@aws-sdk/client-sns'] as const) : []),
  ];
}

interface Bundled {
  readonly bytes: number;
  readonly sdkPackages: ReadonlySet<string>;
}

async function bundle(options: BuildOptions): Promise<Bundled> {
  const result = await build({
    ...options,
    write: false,
    metafile: true,
    outdir: join(projectRoot, 'cdk.out'),
  });
  const code = result.outputFiles.find((file) => file.path.endsWith('.mjs'));
  const sdkPackages = new Set(
    Object.keys(result.metafile.inputs)
      .map((input) => /node_modules\/(@aws-sdk\/(?:client|lib)-[a-z0-9-]+)\//.exec(input)?.[1])
      .filter((name): name is string => name !== undefined),
  );
  return { bytes: code?.contents.byteLength ?? 0, sdkPackages };
}

function sdkOnlyEntry(packages: readonly SdkPackage[]): string {
  return packages.map((name) => `export { ${sdkClients[name]} } from '${name}';`).join('\n');
}

const kib = (bytes: number) => Math.round(bytes / 102.4) / 10;

async function measure(spec: FunctionSpec): Promise<BenchRow[]> {
  const implied = impliedSdkPackages(spec.access);
  const fn = await bundle(esbuildOptions(join(projectRoot, spec.entry)));
  const { entryPoints: _entry, ...shared } = esbuildOptions(spec.entry);
  const sdkOnly =
    implied.length === 0
      ? { bytes: 0, sdkPackages: new Set<string>() }
      : await bundle({
          ...shared,
          stdin: { contents: sdkOnlyEntry(implied), resolveDir: projectRoot, loader: 'js' },
        });
  const extra = [...fn.sdkPackages].filter((name) => !(implied as string[]).includes(name)).sort();
  const over = kib(fn.bytes) > bundleBudgetKiB;
  return [
    {
      section,
      metric: `${spec.name} bundle`,
      value: kib(fn.bytes),
      unit: 'KiB',
      note: `${over ? `OVER the ${bundleBudgetKiB} KiB budget; ` : ''}${
        extra.length > 0 ? `clients its access does not need: ${extra.join(', ')}` : 'no unneeded SDK client'
      }`,
    },
    {
      section,
      metric: `${spec.name} sdk-only`,
      value: kib(sdkOnly.bytes),
      unit: 'KiB',
      note:
        implied.length > 0
          ? implied.map((name) => name.replace('@aws-sdk/', '')).join(', ')
          : 'no SDK client',
    },
    {
      section,
      metric: `${spec.name} ratio`,
      value: sdkOnly.bytes > 0 ? Math.round((fn.bytes / sdkOnly.bytes) * 100) / 100 : 0,
      unit: 'x',
      note: sdkOnly.bytes > 0 ? 'bundle / sdk-only' : 'no SDK client implied: ratio not defined',
    },
  ];
}

/** The bench section: three rows per topology function. */
export async function run(env: Pick<BenchEnv, 'log'>): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const spec of topology.functions) {
    env.log(`${section}: ${spec.name}`);
    rows.push(...(await measure(spec)));
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run({ log: (message) => process.stderr.write(`${message}\n`) }).then(
    (rows) => {
      for (const row of rows)
        console.log(
          `${row.metric.padEnd(32)} ${String(row.value).padStart(8)} ${row.unit.padEnd(4)} ${row.note ?? ''}`,
        );
    },
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
