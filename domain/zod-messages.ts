/**
 * English messages for validation errors. Zod Mini ships without a locale (so that bundles carry
 * only the one they use); every module that declares schemas imports this once, before any parse.
 */

import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());
