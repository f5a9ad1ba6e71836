/**
 * Reply templates (答复模板): the text a handler starts a written reply from, per reply outcome and
 * category, kept by the province admin. A template for a category is preferred to the outcome's
 * general one (category `*`); with neither stored, the platform's default for the outcome is used,
 * so that every reply form has a starting text.
 */
import type { ReplyOutcome } from '../case/model.js';

/** The category of a template that applies to every category without one of its own. */
export const anyCategory = '*';

export interface ReplyTemplate {
  readonly outcome: ReplyOutcome;
  /** A category id of the province, or {@link anyCategory}. */
  readonly categoryId: string;
  readonly text: string;
  readonly updatedAt: string;
  /** Who saved it last (the staff member's person id). */
  readonly updatedBy: string;
}

/** The platform's starting texts, used where the province has stored none for an outcome. */
export const defaultReplyTexts: Readonly<Record<ReplyOutcome, string>> = {
  supported:
    '您反映的问题经调查核实属实，我单位已依法依规予以处理，具体处理情况如下：\n\n如对本答复意见不服，可自收到之日起30日内向本单位的上一级行政机关请求复查。',
  explained:
    '您反映的问题我单位已调查了解，现将有关政策规定和实际情况说明如下：\n\n如对本答复意见不服，可自收到之日起30日内向本单位的上一级行政机关请求复查。',
  not_supported:
    '您反映的问题经调查核实，您提出的诉求缺乏事实或政策依据，不予支持，理由如下：\n\n如对本答复意见不服，可自收到之日起30日内向本单位的上一级行政机关请求复查。',
};

/** Where reply templates are kept: one small set per province. */
export interface ReplyTemplateStore {
  /** Every stored template of the province. */
  list(): Promise<readonly ReplyTemplate[]>;
  /** Stores a template, replacing the one of the same outcome and category. */
  put(template: ReplyTemplate): Promise<void>;
  /** Removes the template of this outcome and category; false when there was none. */
  remove(outcome: ReplyOutcome, categoryId: string): Promise<boolean>;
}

/** The text a reply of this outcome and category starts from: the category's, the outcome's, the default. */
export function replyTemplateText(
  templates: readonly ReplyTemplate[],
  outcome: ReplyOutcome,
  categoryId: string | undefined,
): string {
  const own = categoryId
    ? templates.find((t) => t.outcome === outcome && t.categoryId === categoryId)
    : undefined;
  const general = templates.find((t) => t.outcome === outcome && t.categoryId === anyCategory);
  return (own ?? general)?.text ?? defaultReplyTexts[outcome];
}
