/**
 * `npm run dlq -- list` and `npm run dlq -- redrive <queue> [--max N]`: the dead letters of the
 * running local runtime (`npm start`), through the same operator function AWS deployments invoke
 * with `aws lambda invoke` (functions/operations/dlq-redrive.ts; docs/deploy-a-province.md).
 */
import { parseArgs } from 'node:util';

const usage = 'usage: npm run dlq -- list | redrive <queue> [--max <n>] [--url http://127.0.0.1:3000]';

class UsageError extends Error {}

/** The operator function's event for the command line, or a usage error. */
function requestFor(positionals: readonly string[], max: string | undefined): unknown {
  const [action, queue, ...rest] = positionals;
  if (action === 'list' && queue === undefined) return { action: 'list' };
  if (action === 'redrive' && queue !== undefined && rest.length === 0) {
    if (max === undefined) return { action: 'redrive', queue };
    const n = Number(max);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`--max must be a positive whole number\n${usage}`);
    return { action: 'redrive', queue, max: n };
  }
  throw new UsageError(usage);
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    options: {
      max: { type: 'string' },
      url: { type: 'string', default: `http://127.0.0.1:${process.env['PORT'] ?? 3000}` },
    },
    allowPositionals: true,
    strict: true,
  });
  const request = requestFor(positionals, values.max);
  const url = `${values.url}/_local/functions/dlq-redrive/invoke`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
  } catch (error) {
    throw new UsageError(`the local runtime does not answer at ${values.url} (npm start?): ${String(error)}`);
  }
  const answer = await response.text();
  process.stdout.write(`${answer}\n`);
  if (!response.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof UsageError ? error.message : String(error)}\n`);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
