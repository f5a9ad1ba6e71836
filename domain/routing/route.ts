/**
 * Routing (分流): the competent organ of a petition, 属地管理、分级负责，谁主管、谁负责.
 *
 * The category comes from {@link classifyCategory}, or, when a trained topic classifier is given,
 * from its blend with the rules ({@link blendCategory}): the model picks the topic, the rules the
 * category within it. The organ is, by default, the organ of that
 * category in the case's own region: a county's organ for a county case, the city's or the
 * province's own organ when the case is filed at that level. Level rules (跨区, 地铁, 高速公路…)
 * move a matter up to the organ of the city or the province above the region; they never move it
 * down. When the router is not sure it still proposes what it found, and leaves the decision to
 * the triage queue of the region's petition bureau (`needsPerson`).
 */
import type { ProvinceDirectory } from '../province/directory.js';
import type { LabelledTopic, LevelRule, ProvinceConfig, Region, RegionLevel } from '../province/schema.js';
import { labelledTopics } from '../province/schema.js';
import { blendCategory, topicMapOf } from './blend.js';
import { type CategoryCandidate, classifyCategory, normaliseText, type PetitionText } from './classify.js';
import type { TopicClassifier } from './topic-model.js';

export interface RoutingInput extends PetitionText {
  /** The administrative division the matter arose in (行政区划代码). */
  readonly regionCode: string;
}

export interface RoutingDecision {
  readonly categoryId: string | undefined;
  /** The proposed competent organ; undefined when no category or no organ was found. */
  readonly organUnitId: string | undefined;
  /** The level of the proposed organ; undefined when the region is unknown. */
  readonly level: RegionLevel | undefined;
  readonly confidence: number;
  /** The keyword rule behind the category (see {@link classifyCategory}). */
  readonly ruleId: string;
  /** The level rule that moved the matter up, if one did. */
  readonly levelRuleId: string | undefined;
  readonly reason: string;
  /** True when a person at the triage queue must decide (or confirm) the route. */
  readonly needsPerson: boolean;
  /** The bureau whose triage queue decides when `needsPerson`: the region's, else the province's. */
  readonly triageBureauId: string | undefined;
  readonly candidates: readonly CategoryCandidate[];
  /** The decision's topic among the seven of the labelled data; undefined when it has no category. */
  readonly topic: LabelledTopic | undefined;
  /** What the trained model said; undefined when routing used the rules alone. */
  readonly model: ModelContribution | undefined;
  /** What the keyword rules said on their own (with a model, they choose the category within the topic). */
  readonly rules: RulesContribution;
}

/** The trained model's part in a decision. */
interface ModelContribution {
  readonly topic: LabelledTopic;
  /** The model's probability of its topic (before the blend with the rules). */
  readonly probability: number;
  /** The model's probability of each topic. */
  readonly probabilities: Readonly<Record<LabelledTopic, number>>;
  /** The blended probability of the decision's topic: the decision's confidence. */
  readonly blendedProbability: number;
  /** True when no rule of the topic matched and the topic's default category was proposed. */
  readonly defaultCategory: boolean;
}

/** The keyword rules' own decision, as {@link classifyCategory} gave it. */
interface RulesContribution {
  readonly categoryId: string | undefined;
  readonly topic: LabelledTopic | undefined;
  readonly confidence: number;
  readonly ruleId: string;
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

const levelRank: Record<RegionLevel, number> = { county: 0, city: 1, province: 2 };

/** The level rules that apply to a category and text, the highest target level first. */
function matchingLevelRules(
  rules: readonly LevelRule[],
  categoryId: string,
  text: string,
): { rule: LevelRule; phrase: string }[] {
  const matches: { rule: LevelRule; phrase: string }[] = [];
  for (const rule of rules) {
    if (rule.category !== undefined && rule.category !== categoryId) continue;
    const phrase = rule.phrases.find((p) => text.includes(normaliseText(p)));
    if (phrase !== undefined) matches.push({ rule, phrase });
  }
  // Stable sort: among rules of the same level, configuration order decides.
  return matches.sort((a, b) => levelRank[b.rule.level] - levelRank[a.rule.level]);
}

/**
 * The category and competent organ of a petition, and whether a person must decide.
 * `needsPerson` is true when the confidence is below `config.routing.minConfidence`, when no
 * category was found or the best categories tie, when the region is unknown, or when no organ of
 * the category exists at the target level.
 *
 * With a `classifier` (the trained topic model, see `topic-model.ts`) the category comes from the
 * blend of model and rules, and the confidence is the blended probability that the topic is
 * right; without one, from the rules alone, as before.
 */
export function routeCase(
  input: RoutingInput,
  config: ProvinceConfig,
  directory: ProvinceDirectory,
  classifier?: TopicClassifier,
): RoutingDecision {
  const decision = classifyCategory(input, config);
  const topicMap = topicMapOf(config);
  const topicOf = (categoryId: string | undefined): LabelledTopic | undefined =>
    categoryId === undefined ? undefined : topicMap.categoryTopics[categoryId];
  const rules: RulesContribution = {
    categoryId: decision.categoryId,
    topic: topicOf(decision.categoryId),
    confidence: decision.confidence,
    ruleId: decision.ruleId,
  };
  const provinceBureau = directory.findUnit(`${config.province.regionCode}-xinfang`)?.id;
  const reasons = [decision.reason];
  const region = directory.findRegion(input.regionCode);
  let base: Pick<
    RoutingDecision,
    'categoryId' | 'confidence' | 'ruleId' | 'candidates' | 'topic' | 'model' | 'rules'
  > = {
    categoryId: decision.categoryId,
    confidence: decision.confidence,
    ruleId: decision.ruleId,
    candidates: decision.candidates,
    topic: rules.topic,
    model: undefined,
    rules,
  };
  if (classifier !== undefined) {
    const prediction = classifier.predict(input);
    const blended = blendCategory(decision, prediction, topicMap, classifier.model.blend);
    reasons.push(blended.reason);
    base = {
      ...base,
      categoryId: blended.categoryId,
      confidence: round(blended.confidence),
      ruleId: blended.ruleId,
      topic: blended.topic,
      model: {
        topic: prediction.topic,
        probability: round(prediction.probability),
        probabilities: Object.fromEntries(
          labelledTopics.map((t, i) => [t, round(prediction.probabilities[i] ?? 0)]),
        ) as Record<LabelledTopic, number>,
        blendedProbability: round(blended.confidence),
        defaultCategory: blended.defaultCategory,
      },
    };
  }
  // Rules alone, a tie at the top leaves the category to a person; with a model, a tie between
  // categories of the chosen topic does, the blend proposing one of them.
  const tie =
    base.model === undefined
      ? decision.candidates.length > 1 && decision.candidates[0]?.score === decision.candidates[1]?.score
      : base.ruleId === 'tie';

  if (region === undefined) {
    reasons.push(`行政区划代码 ${input.regionCode} 不在本省目录中，转省级信访工作机构人工分流`);
    return {
      ...base,
      organUnitId: undefined,
      level: undefined,
      levelRuleId: undefined,
      reason: reasons.join('。'),
      needsPerson: true,
      triageBureauId: provinceBureau,
    };
  }
  const triageBureauId = directory.findUnit(`${region.code}-xinfang`)?.id ?? provinceBureau;
  if (base.categoryId === undefined) {
    return {
      ...base,
      organUnitId: undefined,
      level: region.level,
      levelRuleId: undefined,
      reason: reasons.join('。'),
      needsPerson: true,
      triageBureauId,
    };
  }

  const categoryId = base.categoryId;
  let target: Region = region;
  let levelRuleId: string | undefined;
  const text = `${normaliseText(input.title)}\n${normaliseText(input.content)}`;
  for (const { rule, phrase } of matchingLevelRules(config.routing.levelRules, categoryId, text)) {
    if (levelRank[rule.level] <= levelRank[target.level]) continue;
    const ancestor = directory.ancestors(region.code).find((r) => r.level === rule.level);
    if (ancestor === undefined) continue;
    target = ancestor;
    levelRuleId = rule.id;
    reasons.push(`含“${phrase}”，按规则 ${rule.id} 上移至${ancestor.name}：${rule.reason}`);
    break;
  }

  const organ = directory.organFor(target.code, categoryId);
  if (organ === undefined) reasons.push(`${target.name}没有处理 ${categoryId} 的机关，需人工分流`);
  const lowConfidence = base.confidence < config.routing.minConfidence;
  if (lowConfidence)
    reasons.push(`置信度 ${base.confidence} 低于 ${config.routing.minConfidence}，需人工确认`);
  return {
    ...base,
    organUnitId: organ?.id,
    level: target.level,
    levelRuleId,
    reason: reasons.join('。'),
    needsPerson: lowConfidence || tie || organ === undefined,
    triageBureauId,
  };
}
