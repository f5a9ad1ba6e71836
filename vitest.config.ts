import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'web/console/tests/**/*.test.tsx'],
    globalSetup: ['tests/support/global-setup.ts'],
    // A shared 2-core machine under load: generous limits; speed is measured by `npm run bench`.
    testTimeout: 120_000,
    hookTimeout: 240_000,
    pool: 'forks',
  },
});
