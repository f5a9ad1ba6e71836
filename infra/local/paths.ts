/** Where the local runtime keeps things, relative to the project root. */
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (the folder holding package.json). */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The default data folder: `<project>/.data` (ignored by git). */
export const defaultDataDir = join(projectRoot, '.data');
