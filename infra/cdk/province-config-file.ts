/**
 * The province configuration as the functions read it at run time: a JSON file rendered from the
 * typed configuration (provinces/), shipped beside each function's code on AWS (/var/task) and
 * written under `.data/` by the local runtime.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { provinceConfig } from '../../provinces/index.js';

/** The trained topic model in the repository, and its name beside the routing function's code. */
export const routingModelSource = join(
  import.meta.dirname,
  '..',
  '..',
  'models',
  'routing',
  'topic-model.json',
);
export const routingModelFileName = 'topic-model.json';
export const routingModelFileOnLambda = `/var/task/${routingModelFileName}`;

/** The file's name beside the bundled code. */
export const provinceConfigFileName = 'province.json';
/** Where Lambda finds it: the function's code folder. */
export const provinceConfigFileOnLambda = `/var/task/${provinceConfigFileName}`;

/** The configuration's JSON, as the functions read it. */
function provinceConfigJson(provinceId: string): string {
  return `${JSON.stringify(provinceConfig(provinceId))}\n`;
}

/** Writes the province's JSON into `folder` (default: a folder of its own under the system's temp folder). */
export function writeProvinceConfig(
  provinceId: string,
  folder = join(tmpdir(), 'petition-province-config'),
): string {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `province-${provinceId}.json`);
  writeFileSync(file, provinceConfigJson(provinceId));
  return file;
}
