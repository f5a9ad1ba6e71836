import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { artifactPath, outcomesOf, trainArtifact } from '../../tools/routing/artifact.js';
import { sharedDataDir, trainingFiles } from '../../tools/routing/data.js';
import { handOffCurve, isMonotone } from '../../tools/routing/metrics.js';
import type { PipelineResult } from '../../tools/routing/pipeline.js';

/** Training fits six models on 6,708 messages: about 20 s here, more on a busy machine. */
const trainingTimeout = 300_000;

describe('npm run routing:train', () => {
  let retrained: PipelineResult & { json: string };

  beforeAll(() => {
    // Prepare
    for (const file of trainingFiles) {
      if (!existsSync(join(sharedDataDir, file))) {
        throw new Error(`The shared labelled data is missing: ${join(sharedDataDir, file)}`);
      }
    }
    // Act
    retrained = trainArtifact();
  }, trainingTimeout);

  it('reproduces the committed artifact byte for byte', () => {
    // Prepare
    const committed = readFileSync(artifactPath, 'utf8');

    // Assess
    expect(retrained.json.length).toBe(committed.length);
    expect(retrained.json === committed).toBe(true);
  });

  it('fits a confidence whose held-out hand-off curve is monotone', () => {
    // Act
    const curve = handOffCurve(outcomesOf(retrained.heldOut.labels, retrained.heldOut.blend));

    // Assess
    expect(isMonotone(curve)).toBe(true);
    expect(curve.find((p) => p.share === 0.2)?.accuracyOnRest).toBeGreaterThanOrEqual(0.96);
  });

  it('keeps the artifact within 2 MB gzipped', () => {
    // Act
    const gzipped = gzipSync(Buffer.from(readFileSync(artifactPath))).length;

    // Assess
    expect(gzipped).toBeLessThanOrEqual(2 * 1024 * 1024);
  });
});
