/**
 * The province a function serves, read at cold start from the configuration file shipped beside its
 * code (the CDK stack writes the province's JSON into each bundle; the local runtime writes it under
 * `.data/`). A function bundle carries no province data of its own, and a deployment ships only its
 * province. The file is validated with every cross-check before the function serves anything.
 */
import { readFile } from 'node:fs/promises';
import type { ProvinceContext } from '../../application/ports.js';
import { createHolidayCalendar } from '../../domain/calendar/calendar.js';
import { createDeadlinePlanner } from '../../domain/deadlines/planner.js';
import { ProvinceDirectory } from '../../domain/province/directory.js';
import type { ProvinceConfig } from '../../domain/province/schema.js';
import { loadProvinceConfig } from '../../domain/province/validate.js';
import { type Env, EnvironmentError, required } from './environment.js';

/** A province's directory and deadline planner, derived from its configuration. */
export function provinceContextOf(config: ProvinceConfig): ProvinceContext {
  return {
    config,
    directory: new ProvinceDirectory(config),
    planner: createDeadlinePlanner(config.deadlines, createHolidayCalendar(config.calendar)),
  };
}

const loaded = new Map<string, Promise<ProvinceConfig>>();

/** The validated configuration in `PROVINCE_CONFIG_FILE`, checked against `PROVINCE`, read once. */
function configOf(env: Env): Promise<ProvinceConfig> {
  const id = required(env, 'PROVINCE');
  const file = required(env, 'PROVINCE_CONFIG_FILE');
  const key = `${id} ${file}`;
  let config = loaded.get(key);
  if (!config) {
    config = (async () => {
      const parsed = loadProvinceConfig(JSON.parse(await readFile(file, 'utf8')));
      if (parsed.province.id !== id)
        throw new EnvironmentError(`${file} configures ${parsed.province.id}, not PROVINCE ${id}`);
      return parsed;
    })();
    config.catch(() => loaded.delete(key));
    loaded.set(key, config);
  }
  return config;
}

/** The province of a function that plans deadlines: configuration, directory and planner. */
export async function provinceOf(env: Env): Promise<ProvinceContext> {
  return provinceContextOf(await configOf(env));
}

/** The province of a function that plans no deadline: configuration and directory only. */
export async function provinceDirectoryOf(env: Env): Promise<Pick<ProvinceContext, 'config' | 'directory'>> {
  const config = await configOf(env);
  return { config, directory: new ProvinceDirectory(config) };
}
