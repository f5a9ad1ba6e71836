/**
 * How every function is bundled. `PetitionFunction` hands these to NodejsFunction (which runs the
 * project's own esbuild, never Docker) and the bundle report runs esbuild with the same options,
 * so the sizes it prints are the sizes that ship.
 */
import type { BuildOptions } from 'esbuild';

/** Node.js version the bundles target; keep in step with the Lambda runtime of PetitionFunction. */
export const bundleTarget = 'node22';

/**
 * ESM bundles: CommonJS dependencies that call `require` need one, and ESM has none. The aliased
 * import keeps the banner from clashing with a bundled module's own `createRequire` import.
 */
export const esmRequireBanner =
  "import { createRequire as __petitionCreateRequire } from 'node:module'; const require = __petitionCreateRequire(import.meta.url);";

/** Prefer the ESM build of a package so esbuild can drop what is not imported. */
export const mainFields = ['module', 'main'] as const;

/**
 * esbuild options equal to what PetitionFunction asks NodejsFunction for: bundled, minified,
 * ESM, external source map without the sources, AWS SDK included (the bundle pins the SDK version
 * the tests ran with).
 */
export function esbuildOptions(entry: string): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: bundleTarget,
    format: 'esm',
    minify: true,
    sourcemap: 'external',
    sourcesContent: false,
    mainFields: [...mainFields],
    banner: { js: esmRequireBanner },
    outExtension: { '.js': '.mjs' },
    logLevel: 'silent',
  };
}
