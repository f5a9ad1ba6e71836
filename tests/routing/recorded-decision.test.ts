/**
 * The routing decision a case keeps: besides the proposal, the router's candidate categories
 * (best first, each with the rules' score and the organ of that category), what the keyword rules
 * said on their own and, with the trained model, the model's topic: what the triage queue shows.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { routeCase } from '../../application/routing/route-case.js';
import { labelledTopics } from '../../domain/province/schema.js';
import { parseTopicModel, type TopicClassifier } from '../../domain/routing/topic-model.js';
import { artifactPath } from '../../tools/routing/artifact.js';
import { driver } from '../support/drive.js';
import { type TestPlatform, testPlatform } from '../support/test-platform.js';

let platform: TestPlatform;

beforeEach(async () => {
  platform = await testPlatform('2026-03-02T02:00:00.000Z');
});
afterEach(async () => platform.dispose());

/** A case in the district bureau's triage about property management and street encroachment. */
async function inTriage(): Promise<string> {
  const { trackingNumber } = await driver(platform).submit({
    title: '小区物业乱收停车费并占道经营',
    content: '小区物业未经业主大会同意擅自上调停车费，还在小区门口占道经营，请有关部门处理。',
  });
  return trackingNumber;
}

/** A model that names 城乡建设 with the given probability, whatever the text. */
function modelSaying(probability: number): TopicClassifier {
  const model = parseTopicModel(JSON.parse(readFileSync(artifactPath, 'utf8')));
  const rest = (1 - probability) / (labelledTopics.length - 1);
  const p = labelledTopics.map((t) => (t === '城乡建设' ? probability : rest));
  return { model, predict: () => ({ topic: '城乡建设', probability, probabilities: p }) };
}

describe('the recorded routing decision', () => {
  it('keeps the candidates best first, the decided one with its organ, and the rules’ own part', async () => {
    // Prepare
    const trackingNumber = await inTriage();

    // Act
    await routeCase(platform.deps, trackingNumber);

    // Assess
    const routing = (await platform.deps.cases.get(trackingNumber))?.routing;
    expect(routing?.candidates?.length).toBeGreaterThanOrEqual(2);
    expect(routing?.candidates?.length).toBeLessThanOrEqual(5);
    expect(routing?.candidates?.[0]).toMatchObject({
      categoryId: routing?.categoryId,
      organUnitId: routing?.organUnitId,
    });
    const categories = routing?.candidates?.map((k) => k.categoryId);
    expect(new Set(categories).size).toBe(categories?.length);
    for (const k of routing?.candidates ?? []) expect(k.score).toBeGreaterThanOrEqual(0);
    expect(routing?.rules).toMatchObject({ ruleId: expect.any(String), confidence: expect.any(Number) });
    expect(routing?.model).toBeUndefined();
  });

  it('keeps the model’s topic and probability when routing used the model', async () => {
    // Prepare
    const trackingNumber = await inTriage();

    // Act
    await routeCase({ ...platform.deps, classifier: modelSaying(0.9) }, trackingNumber);

    // Assess
    const routing = (await platform.deps.cases.get(trackingNumber))?.routing;
    expect(routing?.model).toEqual({ topic: '城乡建设', probability: 0.9 });
    expect(routing?.candidates?.[0]?.categoryId).toBe(routing?.categoryId);
  });
});
