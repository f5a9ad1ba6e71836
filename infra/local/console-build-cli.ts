/** `npm run console:build`: builds the staff console now if its sources changed since the last build. */
import { ensureConsoleBuilt } from './console-build.js';

const what = await ensureConsoleBuilt((line) => process.stdout.write(`${line}\n`));
if (what === 'fresh') process.stdout.write('The staff console build is up to date (web/console/dist).\n');
