/**
 * A function bundled exactly as PetitionFunction ships it (the same esbuild options, bundling.ts),
 * next to a bundle holding only the AWS SDK clients its topology access implies: what the
 * function carries beyond those clients is what its own code and libraries cost. Used by the
 * budget test (bytes, which do not depend on the machine) and the benchmark (bytes and init CPU).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import type { FunctionAccess, FunctionSpec } from '../topology.js';
import { esbuildOptions } from './bundling.js';

const projectRoot = join(import.meta.dirname, '..', '..');

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
function impliedSdkPackages(access: FunctionAccess): SdkPackage[] {
  const implied: SdkPackage[] = [
    ...(access.table === 'none' ? [] : (['@aws-sdk/client-dynamodb', '@aws-sdk/lib-dynamodb'] as const)),
    ...(access.sendTo.length > 0 || access.redrivesDeadLetters || (access.countsQueues ?? []).length > 0
      ? (['@aws-sdk/client-sqs'] as const)
      : []),
    ...(access.publishEvents ? (['@aws-sdk/client-eventbridge'] as const) : []),
    ...(access.webhookSecrets || access.open311PartnerKeys
      ? (['@aws-sdk/client-secrets-manager'] as const)
      : []),
    ...(access.personalDataKey === 'none' ? [] : (['@aws-sdk/client-kms'] as const)),
    // Either provider: SNS, or Alibaba Cloud SMS with its AccessKey in Secrets Manager.
    ...(access.sendsSms ? (['@aws-sdk/client-sns', '@aws-sdk/client-secrets-manager'] as const) : []),
  ];
  return [...new Set(implied)];
}

interface Bundle {
  /** Minified code, without its source map. */
  readonly bytes: number;
  readonly code: Uint8Array;
  /** SDK client and lib packages found in it. */
  readonly sdkPackages: ReadonlySet<string>;
}

async function bundle(options: BuildOptions): Promise<Bundle> {
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
  return { bytes: code?.contents.byteLength ?? 0, code: code?.contents ?? new Uint8Array(), sdkPackages };
}

export interface MeasuredFunction {
  readonly spec: FunctionSpec;
  readonly bundle: Bundle;
  /** Undefined for a function whose access implies no SDK client. */
  readonly sdkOnly: Bundle | undefined;
  /** SDK packages in the bundle that its access does not imply. */
  readonly unneededSdk: readonly string[];
}

/** Bundles a function and the SDK clients its access implies. */
export async function measureFunction(spec: FunctionSpec): Promise<MeasuredFunction> {
  const implied = impliedSdkPackages(spec.access);
  const fn = await bundle(esbuildOptions(join(projectRoot, spec.entry)));
  const { entryPoints: _entry, ...shared } = esbuildOptions(spec.entry);
  const sdkOnly =
    implied.length === 0
      ? undefined
      : await bundle({
          ...shared,
          stdin: {
            contents: implied.map((name) => `export { ${sdkClients[name]} } from '${name}';`).join('\n'),
            resolveDir: projectRoot,
            loader: 'js',
          },
        });
  const unneededSdk = [...fn.sdkPackages].filter((name) => !(implied as string[]).includes(name)).sort();
  return { spec, bundle: fn, sdkOnly, unneededSdk };
}

/**
 * CPU milliseconds (user + system) a fresh Node process spends importing the bundle: what Lambda's
 * init phase runs before the first invocation. The median of `runs` processes.
 */
export function initCpuMs(code: Uint8Array, runs = 5): number {
  const folder = join(tmpdir(), 'petition-bundles');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `bundle-${process.pid}-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, code);
  const probe = `const t = process.cpuUsage(); await import(${JSON.stringify(file)}); const u = process.cpuUsage(t); process.stdout.write(String((u.user + u.system) / 1000));`;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`importing the bundle failed: ${out.stderr}`);
    samples.push(Number(out.stdout));
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}
