import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { provinceDirectory } from '../../domain/province/directory.js';
import type { KeywordRule, LabelledTopic, LevelRule, ProvinceConfig } from '../../domain/province/schema.js';
import { labelledTopics } from '../../domain/province/schema.js';
import { SENDER_TOPIC_PRIOR } from '../../domain/routing/blend.js';
import { routeCase } from '../../domain/routing/route.js';
import {
  createTopicClassifier,
  parseTopicModel,
  type TopicClassifier,
  type TopicModel,
} from '../../domain/routing/topic-model.js';
import { zhejiang } from '../../provinces/zhejiang.js';
import { artifactPath } from '../../tools/routing/artifact.js';
import { loadRoutingSet, measureRouting } from './fixture.js';

const rule = (category: string, phrases: Record<string, number>): KeywordRule => ({
  id: `${category}-test`,
  category,
  phrases: Object.entries(phrases).map(([text, weight]) => ({ text, weight })),
  negativePhrases: [],
});

const levelRules: LevelRule[] = [
  {
    id: 'metro-to-city',
    category: 'transport',
    phrases: ['地铁'],
    level: 'city',
    reason: '地铁由市级运营。',
  },
];

/** Zhejiang's divisions, units and topic map with small, fixed rules, so tests do not move with tuning. */
const config: ProvinceConfig = {
  ...zhejiang,
  routing: {
    minConfidence: 0.5,
    keywordRules: [
      rule('property-management', { 物业: 3, 业委会: 3 }),
      rule('urban-management', { 占道: 3 }),
      rule('environment-pollution', { 噪音: 2, 污染: 3 }),
      rule('transport', { 公交: 3, 地铁: 3 }),
    ],
    levelRules,
    topicMap: zhejiang.routing.topicMap,
  },
};
const directory = provinceDirectory(config);
const model = parseTopicModel(JSON.parse(readFileSync(artifactPath, 'utf8')));

/**
 * A classifier that says the same thing of every text, so that a test states what the model
 * thinks and checks what the blend does with it. The blend weights are the artifact's.
 */
function saying(
  probabilities: Partial<Record<LabelledTopic, number>>,
  weights?: TopicModel['blend'],
): TopicClassifier {
  const rest = 1 - Object.values(probabilities).reduce((a, b) => a + b, 0);
  const unnamed = labelledTopics.filter((t) => probabilities[t] === undefined).length;
  const p = labelledTopics.map((t) => probabilities[t] ?? rest / unnamed);
  const best = p.indexOf(Math.max(...p));
  return {
    model: { ...model, blend: weights ?? model.blend },
    predict: () => ({ topic: labelledTopics[best]!, probability: p[best]!, probabilities: p }),
  };
}

describe('routeCase blended with a topic model', () => {
  it('proposes the default category of the model topic when no rule matched', () => {
    // Prepare
    const input = { title: '反映情况', content: '学校食堂的饭菜太贵了。', regionCode: '330106' };

    // Act
    const decision = routeCase(input, config, directory, saying({ 教育文体: 0.95 }));

    // Assess
    expect(decision).toMatchObject({
      categoryId: 'education',
      organUnitId: '330106-jiaoyu',
      topic: '教育文体',
      ruleId: 'topic-default',
      needsPerson: false,
    });
    expect(decision.model?.defaultCategory).toBe(true);
    expect(decision.rules).toMatchObject({ categoryId: undefined, ruleId: 'no-match' });
  });

  it('keeps the rules choosing the category within the model topic', () => {
    // Prepare: the rules prefer property management, the model is sure it is about pollution.
    const input = {
      title: '物业不管噪音',
      content: '物业、业委会都不管，楼下工厂噪音和污染严重。',
      regionCode: '330106',
    };

    // Act
    const decision = routeCase(input, config, directory, saying({ 环境保护: 0.97 }));

    // Assess
    expect(decision.rules.categoryId).toBe('property-management');
    expect(decision).toMatchObject({
      categoryId: 'environment-pollution',
      topic: '环境保护',
      ruleId: 'environment-pollution-test',
    });
  });

  it('routes a bus line the data files under 城乡建设 to the transport organ', () => {
    // Prepare
    const input = {
      title: '公交线路太少',
      content: '小区门口公交班次太少，希望增加。',
      regionCode: '330212',
    };

    // Act
    const decision = routeCase(input, config, directory, saying({ 城乡建设: 0.9 }));

    // Assess
    expect(decision).toMatchObject({
      topic: '城乡建设',
      categoryId: 'transport',
      organUnitId: '330212-jiaotong',
    });
  });

  it('keeps moving a metro matter up to the city organ by a level rule', () => {
    // Prepare
    const input = { title: '地铁站出入口太少', content: '地铁站只有一个出入口。', regionCode: '330110' };

    // Act
    const decision = routeCase(input, config, directory, saying({ 交通运输: 0.95 }));

    // Assess
    expect(decision).toMatchObject({
      categoryId: 'transport',
      organUnitId: '330100-jiaotong',
      level: 'city',
      levelRuleId: 'metro-to-city',
      needsPerson: false,
    });
  });

  it('follows the sender category when the model leans elsewhere by less than the sender prior', () => {
    // Prepare: odds of 10 to 1 for transport over 城乡建设, less than the prior's 19 to 1.
    const input = {
      title: '反映问题',
      content: '请尽快处理。',
      regionCode: '330106',
      category: 'property-management',
    };
    const classifier = saying({ 交通运输: 0.5, 城乡建设: 0.05 });

    // Act
    const decision = routeCase(input, config, directory, classifier);

    // Assess
    expect(Math.log(0.5 / 0.05)).toBeLessThan(SENDER_TOPIC_PRIOR);
    expect(decision).toMatchObject({ categoryId: 'property-management', ruleId: 'sender-category' });
  });

  it('lets an overwhelming model outvote the sender category', () => {
    // Prepare
    const input = {
      title: '反映问题',
      content: '请尽快处理。',
      regionCode: '330106',
      category: 'property-management',
    };

    // Act
    const decision = routeCase(input, config, directory, saying({ 交通运输: 0.999 }));

    // Assess
    expect(decision).toMatchObject({ categoryId: 'transport', topic: '交通运输' });
  });

  it('hands a case to a person when the blended confidence is below the province threshold', () => {
    // Prepare
    const input = { title: '反映情况', content: '请领导关注一下。', regionCode: '330106' };

    // Act
    const decision = routeCase(input, config, directory, saying({ 城乡建设: 0.3, 商贸旅游: 0.28 }));

    // Assess
    expect(decision.confidence).toBeLessThan(config.routing.minConfidence);
    expect(decision.needsPerson).toBe(true);
    expect(decision.organUnitId).toBeDefined();
  });

  it('proposes one of two tied categories of the topic and leaves the choice to a person', () => {
    // Prepare
    const input = { title: '反映情况', content: '物业不管，门口有人占道。', regionCode: '330106' };

    // Act
    const decision = routeCase(input, config, directory, saying({ 城乡建设: 0.95 }));

    // Assess
    expect(decision).toMatchObject({ categoryId: 'property-management', ruleId: 'tie', needsPerson: true });
  });

  it('records what the model and the rules each said, and the blended confidence', () => {
    // Prepare
    const input = { title: '公交太挤', content: '早高峰公交挤不上。', regionCode: '330106' };

    // Act
    const decision = routeCase(input, config, directory, saying({ 交通运输: 0.8 }));

    // Assess
    expect(decision.model).toMatchObject({ topic: '交通运输', probability: 0.8, defaultCategory: false });
    expect(decision.model?.probabilities['交通运输']).toBe(0.8);
    expect(decision.model?.blendedProbability).toBe(decision.confidence);
    expect(decision.rules).toMatchObject({
      categoryId: 'transport',
      topic: '交通运输',
      ruleId: 'transport-test',
    });
    expect(decision.reason).toContain('模型判断主题为交通运输');
  });

  it('routes as before when no classifier is given', () => {
    // Prepare
    const input = { title: '小区物业问题', content: '物业公司乱收费，业委会不作为。', regionCode: '330106' };

    // Act
    const decision = routeCase(input, config, directory);

    // Assess
    expect(decision).toMatchObject({
      categoryId: 'property-management',
      model: undefined,
      topic: '城乡建设',
    });
  });
});

describe('routeCase with the trained model', () => {
  const classifier = createTopicClassifier(model);

  it('routes the labelled routing set with category and organ accuracy ≥ 0.85', () => {
    // Prepare
    const cases = loadRoutingSet();

    // Act
    const measures = measureRouting(cases, zhejiang, provinceDirectory(zhejiang), classifier);

    // Assess
    expect(measures.categoryAccuracy).toBeGreaterThanOrEqual(0.85);
    expect(measures.organAccuracy).toBeGreaterThanOrEqual(0.85);
  });
});
