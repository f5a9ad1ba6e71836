/**
 * `npm run token -- --unit 330106-xinfang --role triage_officer [--sub someone] [--name 张三]`:
 * prints a staff bearer token the local runtime accepts (signed with the data folder's key).
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { staffRoles } from '../../domain/case/model.js';
import { ProvinceDirectory } from '../../domain/province/directory.js';
import { provinceConfig } from '../../provinces/index.js';
import { defaultDataDir } from './paths.js';
import { openStaffTokens } from './staff-tokens.js';

const usage =
  'usage: npm run token -- --unit <unitId> --role <role> [--sub <personId>] [--name <name>] [--ttl 12h] [--province zhejiang] [--data-dir .data]';

class UsageError extends Error {}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      unit: { type: 'string' },
      role: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
      province: { type: 'string', default: process.env['PROVINCE'] ?? 'zhejiang' },
      'data-dir': { type: 'string', default: process.env['LOCAL_DATA_DIR'] ?? defaultDataDir },
    },
    strict: true,
  });
  const { unit, role, ttl, province } = values;
  if (!unit || !role) throw new UsageError(`--unit and --role are required\n${usage}`);
  if (!(staffRoles as readonly string[]).includes(role)) {
    throw new UsageError(`unknown role '${role}'; roles: ${staffRoles.join(', ')}`);
  }
  const directory = new ProvinceDirectory(provinceConfig(province));
  const found = directory.findUnit(unit);
  if (!found) {
    throw new UsageError(
      `no unit '${unit}' in province ${province}; petition bureaus are named <region code>-xinfang, e.g. 330106-xinfang`,
    );
  }
  const dataDir = resolve(values['data-dir']);
  await mkdir(dataDir, { recursive: true });
  const tokens = await openStaffTokens(dataDir);
  const token = await tokens.signStaffToken(
    {
      sub: values.sub ?? `local-${role}-${unit}`,
      unitId: found.id,
      role,
      ...(values.name ? { name: values.name } : {}),
    },
    ttl,
  );
  process.stdout.write(`${token}\n`);
  process.stderr.write(
    `# ${role} of ${found.id} (${found.name}), valid ${ttl}; use it as: Authorization: Bearer <token>\n`,
  );
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(
    `${error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? message : `token: ${message}`}\n`,
  );
  process.exitCode = 1;
});
