/**
 * Which fine category a petition belongs to (谁主管、谁负责), from the province's weighted keyword
 * rules. Pure and deterministic: the same text and configuration always give the same decision.
 *
 * How a text is scored:
 * 1. Title and content are normalised (NFKC, whitespace removed) and segmented greedily by the
 *    rule phrases, leftmost-longest: a phrase inside a longer matched phrase does not count on its
 *    own (医疗保险 is not also 医疗, 农民工 is not also 农民, 垃圾焚烧 is not also 垃圾).
 * 2. Each matched phrase adds its weight to every rule that lists it: ×{@link TITLE_FACTOR} in the
 *    title (a title names the matter), and in the content the first occurrence counts fully and
 *    repeats add {@link REPEAT_BONUS} each, up to {@link MAX_REPEATS} of them.
 * 3. A rule whose negative phrase occurs anywhere in the text is cancelled (scores 0).
 * 4. Rule scores add up per category.
 * 5. The sender's own category, when it is a known category id, gets {@link SENDER_PRIOR} on top
 *    of its text score: a strong prior. Another category wins only with overwhelming text evidence,
 *    that is a text score more than {@link SENDER_PRIOR} points above the sender's choice (about
 *    two decisive phrases more). An unknown sender category is ignored and said so in the reason.
 *
 * Confidence combines how clearly the best candidate leads and how much evidence it has:
 * `strength × (0.5 + 0.5 × margin)`, with `margin = (best − second) / best` and
 * `strength = 1 − exp(−best / STRENGTH_SCALE)`. A tie at the top gives no category.
 */
import type { KeywordRule, ProvinceConfig } from '../province/schema.js';

/** What is classified: the petition's own words, and the category the sender chose, if any. */
export interface PetitionText {
  readonly title: string;
  readonly content: string;
  /** A category id chosen by the sender or the registering staff; ignored when unknown. */
  readonly category?: string | undefined;
}

export interface CategoryCandidate {
  readonly categoryId: string;
  readonly score: number;
}

export interface CategoryDecision {
  /** The winning category; undefined when nothing matched or the best candidates tie. */
  readonly categoryId: string | undefined;
  /** 0..1; compare with `config.routing.minConfidence`. */
  readonly confidence: number;
  /** The rule that contributed most to the winner, or `sender-category`, `no-match`, `tie`. */
  readonly ruleId: string;
  /** Which phrases matched, in Chinese, for the case record and the triage screen. */
  readonly reason: string;
  /** Categories with a positive score, best first (ties by id). */
  readonly candidates: readonly CategoryCandidate[];
  /** The sender's category when it is known, the one that got {@link SENDER_PRIOR} in `candidates`. */
  readonly senderCategory: string | undefined;
  /** Per candidate category (not cancelled), the rule that contributed most to it. */
  readonly bestRules: Readonly<Record<string, string>>;
}

/** A phrase in the title counts this many times its weight. */
const TITLE_FACTOR = 2;
/** Each repeat of a phrase in the content adds this share of its weight. */
const REPEAT_BONUS = 0.25;
/** Repeats beyond this many add nothing. */
const MAX_REPEATS = 4;
/** Points added to the sender's category: another category needs more than this many more. */
export const SENDER_PRIOR = 6;
/** Evidence scale: a best score of this size gives a strength of 1 − 1/e ≈ 0.63. */
const STRENGTH_SCALE = 4;

const EPSILON = 1e-9;

interface PhraseEntry {
  readonly text: string;
  readonly uses: readonly { readonly rule: number; readonly weight: number }[];
}

/** The phrase dictionary of a rule set, by first character, longest phrases first. */
interface PhraseIndex {
  readonly byFirstChar: ReadonlyMap<string, readonly PhraseEntry[]>;
}

const indexCache = new WeakMap<readonly KeywordRule[], PhraseIndex>();

/** Text as matched: compatibility forms folded (full-width letters, digits), whitespace removed. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

function phraseIndex(rules: readonly KeywordRule[]): PhraseIndex {
  const cached = indexCache.get(rules);
  if (cached !== undefined) return cached;
  const uses = new Map<string, { rule: number; weight: number }[]>();
  rules.forEach((rule, index) => {
    for (const phrase of rule.phrases) {
      const text = normaliseText(phrase.text);
      if (text.length === 0) continue;
      const list = uses.get(text) ?? [];
      list.push({ rule: index, weight: phrase.weight });
      uses.set(text, list);
    }
  });
  const byFirstChar = new Map<string, PhraseEntry[]>();
  for (const [text, list] of uses) {
    const first = String.fromCodePoint(text.codePointAt(0) ?? 0);
    const entries = byFirstChar.get(first) ?? [];
    entries.push({ text, uses: list });
    byFirstChar.set(first, entries);
  }
  for (const entries of byFirstChar.values()) {
    entries.sort((a, b) => b.text.length - a.text.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  }
  const index = { byFirstChar };
  indexCache.set(rules, index);
  return index;
}

/** Leftmost-longest segmentation: how often each phrase occurs, not counting phrases inside longer ones. */
function countPhrases(text: string, index: PhraseIndex): Map<PhraseEntry, number> {
  const counts = new Map<PhraseEntry, number>();
  let i = 0;
  while (i < text.length) {
    const first = String.fromCodePoint(text.codePointAt(i) ?? 0);
    const match = index.byFirstChar.get(first)?.find((entry) => text.startsWith(entry.text, i));
    if (match === undefined) {
      i += first.length;
      continue;
    }
    counts.set(match, (counts.get(match) ?? 0) + 1);
    i += match.text.length;
  }
  return counts;
}

interface RuleEvidence {
  score: number;
  readonly hits: string[];
}

const byScoreThenId = (a: CategoryCandidate, b: CategoryCandidate): number =>
  b.score - a.score || (a.categoryId < b.categoryId ? -1 : a.categoryId > b.categoryId ? 1 : 0);

const round = (n: number): number => Math.round(n * 1000) / 1000;

/**
 * The category of a petition from the province's keyword rules, with a confidence and the
 * reasons. See the module comment for the scoring and the sender-category rule.
 */
export function classifyCategory(text: PetitionText, config: ProvinceConfig): CategoryDecision {
  const rules = config.routing.keywordRules;
  const index = phraseIndex(rules);
  const title = normaliseText(text.title);
  const content = normaliseText(text.content);
  const whole = `${title}\n${content}`;

  const evidence: RuleEvidence[] = rules.map(() => ({ score: 0, hits: [] }));
  const addHits = (counts: Map<PhraseEntry, number>, inTitle: boolean): void => {
    for (const [entry, count] of counts) {
      const factor = inTitle ? TITLE_FACTOR : 1 + REPEAT_BONUS * Math.min(count - 1, MAX_REPEATS);
      for (const use of entry.uses) {
        const rule = evidence[use.rule];
        if (rule === undefined) continue;
        rule.score += use.weight * factor;
        rule.hits.push(inTitle ? `${entry.text}（标题）` : count > 1 ? `${entry.text}×${count}` : entry.text);
      }
    }
  };
  addHits(countPhrases(title, index), true);
  addHits(countPhrases(content, index), false);

  const cancelled: string[] = [];
  const cancelledRules = new Set<number>();
  const byCategory = new Map<
    string,
    { score: number; best: { ruleId: string; score: number } | undefined }
  >();
  rules.forEach((rule, i) => {
    const ruleEvidence = evidence[i];
    if (ruleEvidence === undefined || ruleEvidence.score <= 0) return;
    const negative = rule.negativePhrases.find((phrase) => whole.includes(normaliseText(phrase)));
    if (negative !== undefined) {
      cancelled.push(`${rule.id}（因“${negative}”不适用）`);
      cancelledRules.add(i);
      return;
    }
    const entry = byCategory.get(rule.category) ?? { score: 0, best: undefined };
    entry.score += ruleEvidence.score;
    if (entry.best === undefined || ruleEvidence.score > entry.best.score) {
      entry.best = { ruleId: rule.id, score: ruleEvidence.score };
    }
    byCategory.set(rule.category, entry);
  });

  const knownSender =
    text.category !== undefined && config.categories.some((c) => c.id === text.category)
      ? text.category
      : undefined;
  const scores = new Map<string, number>();
  for (const [categoryId, entry] of byCategory) scores.set(categoryId, entry.score);
  if (knownSender !== undefined) scores.set(knownSender, (scores.get(knownSender) ?? 0) + SENDER_PRIOR);

  const candidates = [...scores]
    .map(([categoryId, score]) => ({ categoryId, score: round(score) }))
    .filter((c) => c.score > 0)
    .sort(byScoreThenId);

  const notes: string[] = [];
  if (cancelled.length > 0) notes.push(`排除规则：${cancelled.join('；')}`);
  if (text.category !== undefined && knownSender === undefined) {
    notes.push(`来信人所选类别“${text.category}”不是本省类别，未予采纳`);
  }
  const hitsOf = (categoryId: string): string =>
    rules
      .flatMap((rule, i) =>
        rule.category === categoryId && !cancelledRules.has(i) ? (evidence[i]?.hits ?? []) : [],
      )
      .join('、');

  const bestRules: Record<string, string> = {};
  for (const [categoryId, entry] of byCategory) {
    if (entry.best !== undefined) bestRules[categoryId] = entry.best.ruleId;
  }
  const decisionEvidence = { senderCategory: knownSender, bestRules };

  const best = candidates[0];
  const second = candidates[1];
  if (best === undefined) {
    return {
      categoryId: undefined,
      confidence: 0,
      ruleId: 'no-match',
      reason: ['未命中任何分类关键词，需人工分流', ...notes].join('。'),
      candidates,
      ...decisionEvidence,
    };
  }
  if (second !== undefined && Math.abs(best.score - second.score) < EPSILON) {
    const tied = candidates.filter((c) => Math.abs(c.score - best.score) < EPSILON).map((c) => c.categoryId);
    return {
      categoryId: undefined,
      confidence: 0,
      ruleId: 'tie',
      reason: [`${tied.join('、')} 得分相同（${best.score}），需人工分流`, ...notes].join('。'),
      candidates,
      ...decisionEvidence,
    };
  }

  const margin = second === undefined ? 1 : (best.score - second.score) / best.score;
  const strength = 1 - Math.exp(-best.score / STRENGTH_SCALE);
  const confidence = round(strength * (0.5 + 0.5 * margin));
  const textScore = byCategory.get(best.categoryId)?.score ?? 0;
  const fromSender = best.categoryId === knownSender;
  const ruleId =
    fromSender && textScore < SENDER_PRIOR
      ? 'sender-category'
      : (byCategory.get(best.categoryId)?.best?.ruleId ?? 'sender-category');
  const parts: string[] = [];
  const hits = hitsOf(best.categoryId);
  parts.push(
    hits.length > 0
      ? `${best.categoryId} 命中：${hits}（${round(textScore)} 分）`
      : `${best.categoryId} 无关键词命中`,
  );
  if (fromSender) parts.push(`来信人选择该类别，先验加 ${SENDER_PRIOR} 分`);
  if (knownSender !== undefined && !fromSender) {
    parts.push(`来信人选择 ${knownSender}，但正文证据压倒性地指向 ${best.categoryId}`);
  }
  if (second !== undefined) parts.push(`次选 ${second.categoryId}（${second.score} 分）`);
  return {
    categoryId: best.categoryId,
    confidence,
    ruleId,
    reason: [...parts, ...notes].join('；'),
    candidates,
    ...decisionEvidence,
  };
}
