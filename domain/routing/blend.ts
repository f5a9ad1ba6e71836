/**
 * The blend of the trained topic model with the province's keyword rules.
 *
 * The model knows the seven topics of the labelled data and is right about nine times in ten;
 * the rules know the province's fine categories, its organs and levels, and the sender's choice,
 * which the data does not have. The blend works in two steps:
 *
 * 1. **Topic.** Each topic `t` gets a blended score
 *    `z_t = model × ln p_model(t) + rules × ln(1 + r_t) + ruleShare × r_t / Σ r + sender × [t is the sender's topic]`
 *    where `r_t` is the rules' text score of the categories filed under `t` (the sender prior left
 *    out). The first three weights are fitted with the model on cross-validated predictions (they
 *    are in the artifact); the sender weight is policy, {@link SENDER_TOPIC_PRIOR}. A softmax of
 *    the scores gives the blended probabilities, and the probability of the winning topic is the
 *    decision's confidence: the chance that the topic is right.
 * 2. **Category.** Within the winning topic the rules choose: the best-scoring candidate category
 *    filed under the topic, or also filed under it in the data at {@link ALSO_FILED_WEIGHT} of its
 *    score (a bus line the data files under 城乡建设 still goes to transport, not to housing). The
 *    sender prior is included, so the sender's category wins within its topic unless the text says
 *    otherwise. When no rule of the topic matched, the topic's default category is proposed.
 */
import type { LabelledTopic, ProvinceConfig, TopicMap } from '../province/schema.js';
import { labelledTopics } from '../province/schema.js';
import { type CategoryDecision, SENDER_PRIOR } from './classify.js';
import { softmax, type TopicPrediction } from './topic-model.js';

/** The fitted weights of the blend (stored in the model artifact, fitted with the model). */
export interface BlendWeights {
  /** On the log-probability of the model. */
  readonly model: number;
  /** On ln(1 + the rules' text score of the topic). */
  readonly rules: number;
  /** On the topic's share of all the rules' text score. */
  readonly ruleShare: number;
}

/**
 * Added to the blended score of the sender's topic: another topic wins only when the text makes
 * it at least 19 times likelier than the sender's. The labelled data has no sender categories,
 * so this is a policy (the counterpart of the rules' {@link SENDER_PRIOR}), not a fitted weight.
 */
export const SENDER_TOPIC_PRIOR = Math.log(19);

/**
 * A category's rule score counts this much in a topic the data also files it under (see
 * `TopicMap.alsoFiledUnder`): a category of the topic itself wins unless the other's evidence is
 * twice as strong.
 */
const ALSO_FILED_WEIGHT = 0.5;

/** The rule evidence of one message as the blend sees it, per topic (order of {@link labelledTopics}). */
export interface TopicRuleEvidence {
  /** Text score of the categories filed under each topic (sender prior excluded). */
  readonly scores: readonly number[];
  /** The topic of the sender's known category, if any. */
  readonly senderTopic: LabelledTopic | undefined;
}

/** What the blend decided. */
export interface BlendedCategory {
  readonly topic: LabelledTopic;
  /** Blended probabilities per topic, in the order of {@link labelledTopics}; they sum to 1. */
  readonly probabilities: readonly number[];
  /** The probability of `topic`: the confidence of the decision. */
  readonly confidence: number;
  /** The category proposed within the topic. */
  readonly categoryId: string;
  /** The rule behind the category, `sender-category`, `topic-default`, or `tie`. */
  readonly ruleId: string;
  /** True when the category is the topic's default because no rule of the topic matched. */
  readonly defaultCategory: boolean;
  /** True when two categories of the topic tie: one is proposed, a person must confirm. */
  readonly ambiguous: boolean;
  /** In Chinese, for the case record. */
  readonly reason: string;
}

/**
 * The province's topic map, or one derived from the categories' own topics when the province
 * has none: a category under one of the seven topics keeps it, and each topic's default is its
 * first such category in configuration order. Categories under other topics (政法, 农业农村, 民政)
 * are then left out of the blend: the model can never propose them.
 */
export function topicMapOf(config: ProvinceConfig): TopicMap {
  if (config.routing.topicMap !== undefined) return config.routing.topicMap;
  const isLabelled = (t: string): t is LabelledTopic => (labelledTopics as readonly string[]).includes(t);
  const categoryTopics: Record<string, LabelledTopic> = {};
  const defaults: Partial<Record<LabelledTopic, string>> = {};
  for (const category of config.categories) {
    if (!isLabelled(category.topic)) continue;
    categoryTopics[category.id] = category.topic;
    defaults[category.topic] ??= category.id;
  }
  const fallback = config.categories[0]?.id ?? 'unknown';
  const defaultCategories = Object.fromEntries(
    labelledTopics.map((t) => [t, defaults[t] ?? fallback]),
  ) as Record<LabelledTopic, string>;
  return { categoryTopics, alsoFiledUnder: {}, defaultCategories };
}

/** The rules' text score per topic and the sender's topic, from a rules decision. */
export function ruleEvidenceOf(rules: CategoryDecision, topicMap: TopicMap): TopicRuleEvidence {
  const scores = labelledTopics.map(() => 0);
  for (const candidate of rules.candidates) {
    const topic = topicMap.categoryTopics[candidate.categoryId];
    if (topic === undefined) continue;
    const text = candidate.score - (candidate.categoryId === rules.senderCategory ? SENDER_PRIOR : 0);
    scores[labelledTopics.indexOf(topic)]! += Math.max(0, text);
  }
  const senderTopic =
    rules.senderCategory === undefined ? undefined : topicMap.categoryTopics[rules.senderCategory];
  return { scores, senderTopic };
}

/** The blended score of each topic (before the softmax). */
export function blendedScores(
  modelProbabilities: readonly number[],
  evidence: TopicRuleEvidence,
  weights: BlendWeights,
): number[] {
  const total = evidence.scores.reduce((a, b) => a + b, 0);
  return labelledTopics.map((topic, t) => {
    const r = evidence.scores[t] ?? 0;
    const p = Math.max(modelProbabilities[t] ?? 0, 1e-12);
    return (
      weights.model * Math.log(p) +
      weights.rules * Math.log1p(r) +
      weights.ruleShare * (total > 0 ? r / total : 0) +
      (topic === evidence.senderTopic ? SENDER_TOPIC_PRIOR : 0)
    );
  });
}

const round = (n: number): number => Math.round(n * 1000) / 1000;

/** The blended topic and, within it, the category the rules choose (see the module comment). */
export function blendCategory(
  rules: CategoryDecision,
  prediction: TopicPrediction,
  topicMap: TopicMap,
  weights: BlendWeights,
): BlendedCategory {
  const evidence = ruleEvidenceOf(rules, topicMap);
  const probabilities = softmax(blendedScores(prediction.probabilities, evidence, weights));
  let best = 0;
  for (let t = 1; t < probabilities.length; t++) if (probabilities[t]! > probabilities[best]!) best = t;
  const topic = labelledTopics[best]!;
  const confidence = probabilities[best]!;

  const parts = [`模型判断主题为${prediction.topic}（概率 ${round(prediction.probability)}）`];
  if (evidence.senderTopic !== undefined) parts.push(`来信人所选类别属${evidence.senderTopic}`);
  parts.push(`综合规则后主题为${topic}（置信度 ${round(confidence)}）`);

  // Candidates of the topic: the categories filed under it, and at a discount those also filed under it.
  const weightIn = (categoryId: string): number =>
    topicMap.categoryTopics[categoryId] === topic
      ? 1
      : (topicMap.alsoFiledUnder[categoryId]?.includes(topic) ?? false)
        ? ALSO_FILED_WEIGHT
        : 0;
  const inTopic = rules.candidates
    .map((c) => ({ categoryId: c.categoryId, score: round(c.score * weightIn(c.categoryId)) }))
    .filter((c) => c.score > 0)
    .sort(
      (a, b) => b.score - a.score || (a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0),
    );
  const first = inTopic[0];
  const common = { topic, probabilities, confidence };
  if (first === undefined) {
    const categoryId = topicMap.defaultCategories[topic];
    parts.push(`规则未命中该主题的类别，取该主题默认类别 ${categoryId}`);
    return {
      ...common,
      categoryId,
      ruleId: 'topic-default',
      defaultCategory: true,
      ambiguous: false,
      reason: parts.join('；'),
    };
  }
  const tied = inTopic.filter((c) => c.score === first.score).map((c) => c.categoryId);
  if (tied.length > 1) {
    // Two organs are equally likely: propose one (the topic's default if tied, else the first by id) for a person to confirm.
    const defaultCategory = topicMap.defaultCategories[topic];
    const categoryId = tied.includes(defaultCategory) ? defaultCategory : first.categoryId;
    parts.push(
      `该主题下 ${tied.join('、')} 规则得分相同（${first.score}），暂按 ${categoryId}，需人工确定类别`,
    );
    return {
      ...common,
      categoryId,
      ruleId: 'tie',
      defaultCategory: false,
      ambiguous: true,
      reason: parts.join('；'),
    };
  }
  const textScore = first.score - (first.categoryId === rules.senderCategory ? SENDER_PRIOR : 0);
  const ruleId =
    first.categoryId === rules.senderCategory && textScore < SENDER_PRIOR
      ? 'sender-category'
      : (rules.bestRules[first.categoryId] ?? 'sender-category');
  const also = topicMap.categoryTopics[first.categoryId] === topic ? '' : `（该类别亦归入${topic}）`;
  parts.push(`该主题下规则得分最高的类别为 ${first.categoryId}${also}（${first.score} 分）`);
  return {
    ...common,
    categoryId: first.categoryId,
    ruleId,
    defaultCategory: false,
    ambiguous: false,
    reason: parts.join('；'),
  };
}
