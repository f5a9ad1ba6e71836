/**
 * Every function bundle stays within its budget (bytes, minified, as PetitionFunction ships it:
 * they do not depend on the machine) and carries no SDK client its access does not need.
 * `npm run bench` prints the same bundles beside the SDK-only ones and their init CPU.
 */
import { describe, expect, it } from 'vitest';
import { measureFunction } from '../../infra/cdk/bundle-measure.js';
import { topology } from '../../infra/topology.js';

describe('function bundles', () => {
  it.each(topology.functions.map((spec) => [spec.name, spec] as const))(
    'keeps %s within its budget and free of SDK clients it was not granted',
    async (_name, spec) => {
      // Act
      const measured = await measureFunction(spec);

      // Assess
      expect(measured.unneededSdk).toEqual([]);
      expect(Math.ceil(measured.bundle.bytes / 1024)).toBeLessThanOrEqual(spec.bundleBudgetKiB);
    },
  );
});
