/**
 * The petitioner's page: Preact and plain CSS, built by Vite into `web/portal/dist` (served by
 * `npm start` at `/`, and from S3 behind CloudFront on AWS). Relative asset URLs, so the same
 * build serves from any path.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    // The budget (150 KB gzipped first load) is held by tests/portal/bundle-size.test.ts.
    reportCompressedSize: false,
  },
});
