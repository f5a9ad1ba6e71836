import type { StatutoryChannel } from '../case/model.js';
import type { ProvinceConfig } from '../province/schema.js';
import { normaliseText } from './normalise.js';

/** Why a matter belongs to a statutory channel (诉访分离), and what the petitioner is told. */
export interface ScreeningResult {
  readonly channel: StatutoryChannel;
  readonly ruleId: string;
  readonly guidance: string;
  readonly matched: string;
}

/**
 * The first screening rule with a phrase found in the text, or undefined for a petition matter.
 * Rules are province configuration; a person can overturn the decision.
 */
export function screen(text: string, rules: ProvinceConfig['screening']): ScreeningResult | undefined {
  // Stored text is what the petitioner wrote: match on the normalised forms of both.
  const normalised = normaliseText(text);
  for (const rule of rules) {
    const matched = rule.phrases.find((phrase) => normalised.includes(normaliseText(phrase)));
    if (matched) return { channel: rule.channel, ruleId: rule.id, guidance: rule.guidance, matched };
  }
  return undefined;
}
