/**
 * The staff console's build: served under `/console/` (locally by `npm start`, on AWS by
 * CloudFront), each route in its own chunk. `npm start` and the tests build it through
 * infra/local/console-build.ts when the sources changed.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    manifest: true,
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    // No inline scripts: the CSP allows scripts from the site only.
    modulePreload: { polyfill: false },
  },
});
