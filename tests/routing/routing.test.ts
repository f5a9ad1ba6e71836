import { describe, expect, it } from 'vitest';
import { ProvinceDirectory, provinceDirectory } from '../../domain/province/directory.js';
import type { KeywordRule, LevelRule, ProvinceConfig } from '../../domain/province/schema.js';
import { classifyCategory, SENDER_PRIOR } from '../../domain/routing/classify.js';
import { routeCase } from '../../domain/routing/route.js';
import { zhejiang } from '../../provinces/zhejiang.js';
import { loadRoutingSet, measureRouting } from './fixture.js';

const rule = (
  category: string,
  phrases: Record<string, number>,
  negativePhrases: string[] = [],
): KeywordRule => ({
  id: `${category}-test`,
  category,
  phrases: Object.entries(phrases).map(([text, weight]) => ({ text, weight })),
  negativePhrases,
});

const testRules: KeywordRule[] = [
  rule('property-management', { 物业: 3, 业委会: 3, 小区: 1 }),
  rule('environment-pollution', { 噪音: 2, 污染: 3 }, ['环境卫生']),
  rule('urban-management', { 占道: 3, 垃圾: 2 }),
  rule('transport', { 公交: 3, 地铁: 3, 高速公路: 3 }),
  rule('health-services', { 医疗: 2, 医院: 3 }),
  rule('medical-insurance', { 医疗保险: 3, 医保: 3 }),
];

const testLevelRules: LevelRule[] = [
  {
    id: 'metro-to-city',
    category: 'transport',
    phrases: ['地铁'],
    level: 'city',
    reason: '地铁由市级运营。',
  },
  {
    id: 'expressway-to-province',
    category: 'transport',
    phrases: ['高速公路'],
    level: 'province',
    reason: '高速公路由省级管理。',
  },
  { id: 'cross-county-to-city', phrases: ['跨区'], level: 'city', reason: '涉及多个区县。' },
];

/** Zhejiang's divisions and units with small, fixed routing rules, so tests do not move with tuning. */
const config: ProvinceConfig = {
  ...zhejiang,
  routing: { minConfidence: 0.5, keywordRules: testRules, levelRules: testLevelRules },
};
const directory = provinceDirectory(config);

describe('classifyCategory', () => {
  it('picks the category whose phrases match and names them in the reason', () => {
    // Prepare
    const text = { title: '小区物业不作为', content: '物业公司多次拒绝维修，业委会也不管。' };

    // Act
    const decision = classifyCategory(text, config);

    // Assess
    expect(decision.categoryId).toBe('property-management');
    expect(decision.ruleId).toBe('property-management-test');
    expect(decision.reason).toContain('业委会');
    expect(decision.candidates[0]).toEqual({ categoryId: 'property-management', score: expect.any(Number) });
  });

  it('weighs a phrase in the title more than the same phrase in the content', () => {
    // Prepare
    const inTitle = { title: '公交', content: '请处理。' };
    const inContent = { title: '请处理', content: '公交。' };

    // Act
    const titleScore = classifyCategory(inTitle, config).candidates[0]?.score ?? 0;
    const contentScore = classifyCategory(inContent, config).candidates[0]?.score ?? 0;

    // Assess
    expect(titleScore).toBeGreaterThan(contentScore);
  });

  it('cancels a rule when one of its negative phrases occurs in the text', () => {
    // Prepare
    const text = { title: '噪音和环境卫生问题', content: '路边垃圾没人清理，噪音也大。' };

    // Act
    const decision = classifyCategory(text, config);

    // Assess
    expect(decision.categoryId).toBe('urban-management');
    expect(decision.candidates.map((c) => c.categoryId)).not.toContain('environment-pollution');
    expect(decision.reason).toContain('环境卫生');
  });

  it('does not count a phrase found only inside a longer matched phrase', () => {
    // Prepare
    const text = { title: '医疗保险问题', content: '医疗保险缴费后查不到记录。' };

    // Act
    const decision = classifyCategory(text, config);

    // Assess
    expect(decision.categoryId).toBe('medical-insurance');
    expect(decision.candidates.map((c) => c.categoryId)).not.toContain('health-services');
  });

  it('follows the sender category when the text evidence for another is not overwhelming', () => {
    // Prepare
    const text = { title: '反映问题', content: '小区门口有人占道。', category: 'property-management' };

    // Act
    const decision = classifyCategory(text, config);

    // Assess
    expect(decision.categoryId).toBe('property-management');
    expect(decision.reason).toContain(`先验加 ${SENDER_PRIOR} 分`);
  });

  it('lets overwhelming text evidence outvote the sender category', () => {
    // Prepare
    const text = {
      title: '公交线路太少',
      content: '公交班次少，地铁也没有，公交站台离得远。',
      category: 'property-management',
    };

    // Act
    const decision = classifyCategory(text, config);

    // Assess
    expect(decision.categoryId).toBe('transport');
    expect(decision.reason).toContain('来信人选择 property-management');
  });

  it('ignores a sender category that is not a known category id and says so', () => {
    // Prepare
    const text = { title: '公交太挤', content: '早高峰挤不上车。', category: 'pets' };

    // Act
    const decision = classifyCategory(text, config);

    // Assess
    expect(decision.categoryId).toBe('transport');
    expect(decision.reason).toContain('“pets”不是本省类别');
  });

  it('returns no category and zero confidence when no phrase matches', () => {
    // Prepare
    const text = { title: '你好', content: '想咨询一件事。' };

    // Act
    const decision = classifyCategory(text, config);

    // Assess
    expect(decision).toMatchObject({
      categoryId: undefined,
      confidence: 0,
      ruleId: 'no-match',
      candidates: [],
    });
  });

  it('returns no category when the best candidates tie', () => {
    // Prepare
    const text = { title: '反映情况', content: '门口占道，还有公交问题。' };

    // Act
    const decision = classifyCategory(text, config);

    // Assess
    expect(decision.categoryId).toBeUndefined();
    expect(decision.ruleId).toBe('tie');
    expect(decision.candidates.map((c) => c.categoryId)).toEqual(['transport', 'urban-management']);
  });

  it('gives more confidence to a clear winner than to a narrow one', () => {
    // Prepare
    const clear = { title: '物业不作为', content: '物业公司、业委会都不管。' };
    const narrow = { title: '反映情况', content: '小区物业不管，路边还有人占道。' };

    // Act
    const clearConfidence = classifyCategory(clear, config).confidence;
    const narrowConfidence = classifyCategory(narrow, config).confidence;

    // Assess
    expect(clearConfidence).toBeGreaterThan(config.routing.minConfidence);
    expect(narrowConfidence).toBeLessThan(config.routing.minConfidence);
  });
});

describe('routeCase', () => {
  it('routes a district case to the county organ of its category', () => {
    // Prepare
    const input = { title: '小区物业问题', content: '物业公司乱收费，业委会不作为。', regionCode: '330106' };

    // Act
    const decision = routeCase(input, config, directory);

    // Assess
    expect(decision).toMatchObject({
      categoryId: 'property-management',
      organUnitId: '330106-zhujian',
      level: 'county',
      needsPerson: false,
      levelRuleId: undefined,
    });
  });

  it('moves a metro matter in a district up to the city organ by a level rule', () => {
    // Prepare
    const input = {
      title: '地铁站出入口太少',
      content: '地铁站只有一个出入口，公交接驳也差。',
      regionCode: '330110',
    };

    // Act
    const decision = routeCase(input, config, directory);

    // Assess
    expect(decision).toMatchObject({
      categoryId: 'transport',
      organUnitId: '330100-jiaotong',
      level: 'city',
      levelRuleId: 'metro-to-city',
      needsPerson: false,
    });
    expect(decision.reason).toContain('杭州市');
  });

  it('moves an expressway matter up to the province organ', () => {
    // Prepare
    const input = {
      title: '高速公路噪音',
      content: '高速公路就在家门口，公交也不通。',
      regionCode: '330212',
    };

    // Act
    const decision = routeCase(input, config, directory);

    // Assess
    expect(decision.organUnitId).toBe('330000-jiaotong');
    expect(decision.level).toBe('province');
  });

  it('does not apply a level rule scoped to another category', () => {
    // Prepare
    const input = {
      title: '物业管理混乱',
      content: '物业公司说小区旁修地铁，停车位收回。',
      regionCode: '330212',
    };

    // Act
    const decision = routeCase(input, config, directory);

    // Assess
    expect(decision.organUnitId).toBe('330212-zhujian');
    expect(decision.levelRuleId).toBeUndefined();
  });

  it('keeps a case filed with a city at the city organ', () => {
    // Prepare
    const input = { title: '公交线路调整', content: '公交车班次太少。', regionCode: '330200' };

    // Act
    const decision = routeCase(input, config, directory);

    // Assess
    expect(decision).toMatchObject({ organUnitId: '330200-jiaotong', level: 'city' });
  });

  it('sends a tie to a person at the bureau of the case region', () => {
    // Prepare
    const input = { title: '反映情况', content: '门口占道，还有公交问题。', regionCode: '330203' };

    // Act
    const decision = routeCase(input, config, directory);

    // Assess
    expect(decision).toMatchObject({
      categoryId: undefined,
      organUnitId: undefined,
      needsPerson: true,
      triageBureauId: '330203-xinfang',
    });
  });

  it('proposes the organ but needs a person when the confidence is low', () => {
    // Prepare
    const input = { title: '反映情况', content: '路边有垃圾。', regionCode: '330102' };

    // Act
    const decision = routeCase(input, config, directory);

    // Assess
    expect(decision.organUnitId).toBe('330102-zonghezhifa');
    expect(decision.confidence).toBeLessThan(config.routing.minConfidence);
    expect(decision.needsPerson).toBe(true);
  });

  it('sends a case with an unknown region to the provincial bureau for a person to decide', () => {
    // Prepare
    const input = { title: '小区物业问题', content: '物业公司乱收费。', regionCode: '339999' };

    // Act
    const decision = routeCase(input, config, directory);

    // Assess
    expect(decision).toMatchObject({
      categoryId: 'property-management',
      organUnitId: undefined,
      level: undefined,
      needsPerson: true,
      triageBureauId: '330000-xinfang',
    });
    expect(decision.reason).toContain('339999');
  });

  it('needs a person when no organ of the category exists at the target level', () => {
    // Prepare
    const withoutOrgan: ProvinceConfig = {
      ...config,
      units: config.units.filter((u) => u.id !== '330106-zonghezhifa'),
    };
    const input = { title: '占道经营', content: '商户长期占道。', regionCode: '330106' };

    // Act
    const decision = routeCase(input, withoutOrgan, new ProvinceDirectory(withoutOrgan));

    // Assess
    expect(decision.categoryId).toBe('urban-management');
    expect(decision.organUnitId).toBeUndefined();
    expect(decision.needsPerson).toBe(true);
  });
});

describe('routing set', () => {
  const cases = loadRoutingSet();
  const zhejiangDirectory = provinceDirectory(zhejiang);

  it('covers every category with at least 8 real cases, 10 regions and organs that exist', () => {
    // Prepare
    const perCategory = new Map<string, number>();
    for (const c of cases)
      perCategory.set(c.expectedCategory, (perCategory.get(c.expectedCategory) ?? 0) + 1);

    // Act
    const regions = new Set(cases.map((c) => c.regionCode));
    const missingOrgans = cases.filter((c) => zhejiangDirectory.findUnit(c.expectedOrgan) === undefined);

    // Assess
    expect(cases.length).toBeGreaterThanOrEqual(240);
    for (const category of zhejiang.categories)
      expect(perCategory.get(category.id) ?? 0).toBeGreaterThanOrEqual(8);
    expect(regions.size).toBeGreaterThanOrEqual(10);
    expect(missingOrgans).toEqual([]);
  });

  it('routes the labelled set with category accuracy ≥ 0.80 and organ accuracy ≥ 0.75', () => {
    // Prepare
    const set = cases;

    // Act
    const measures = measureRouting(set, zhejiang, zhejiangDirectory);

    // Assess
    expect(measures.categoryAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(measures.organAccuracy).toBeGreaterThanOrEqual(0.75);
  });
});
