/**
 * Text normalisation at intake: what citizens type by phone, portal or SMS arrives in full-width
 * forms, with stray whitespace and phone numbers in every format.
 */

/** Full-width ASCII (！ to ～) and the ideographic space become their half-width forms. */
export function toHalfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

/**
 * Characters that carry no meaning in a petition and that some queues and terminals refuse:
 * control characters other than tab and line breaks, zero-width and other format characters,
 * bidirectional overrides, noncharacters (U+FDD0–U+FDEF, U+FFFE, U+FFFF) and unpaired surrogates.
 */
const invisible =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's purpose
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFDD0-\uFDEF\uFEFF\uFFF0-\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without the characters that carry no meaning (see `invisible`). */
export function withoutInvisible(text: string): string {
  return text.replace(invisible, '');
}

/** True when the text says something: more than whitespace and invisible characters. */
export function hasVisibleText(text: string): boolean {
  return withoutInvisible(text).replace(/[\s\u3000]/g, '').length > 0;
}

/**
 * The text as it is stored: what the petitioner wrote (full-width punctuation such as "，" and
 * "：" kept), without invisible characters, in NFC, with line breaks as \n, trimmed. Matching
 * (screening, repeats, routing) normalises further with {@link normaliseText}.
 */
export function cleanText(text: string): string {
  return withoutInvisible(text).normalize('NFC').replace(/\r\n?/g, '\n').trim();
}

/** For matching only: half-width forms, collapsed runs of spaces and tabs, at most one blank line, trimmed. */
export function normaliseText(text: string): string {
  return toHalfWidth(withoutInvisible(text).normalize('NFC'))
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\u00A0]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A mainland mobile number as 11 digits, or undefined when it is not one. */
export function normalisePhone(phone: string): string | undefined {
  const digits = toHalfWidth(phone)
    .replace(/[\s\-()]/g, '')
    .replace(/^(\+?86|0086)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

const idWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheckCodes = '10X98765432';

/** True when an 18-character resident identity number has a valid GB 11643 check character. */
function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = idWeights.reduce((acc, weight, i) => acc + weight * Number(id[i]), 0);
  return idCheckCodes[sum % 11] === id[17];
}

/** An identity number upper-cased, half-width, without spaces; undefined when it is not valid. */
export function normaliseIdNumber(id: string): string | undefined {
  const cleaned = toHalfWidth(id).replace(/\s/g, '').toUpperCase();
  return isValidIdNumber(cleaned) ? cleaned : undefined;
}

/** Masks a mainland mobile number for listings: 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Masks an identity number: keeps the region prefix and the last character. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length >= 8 ? `${idNumber.slice(0, 6)}********${idNumber.slice(-1)}` : '****';
}

/** Full-width digits as ASCII ones, one character for one, so that indices stay the same. */
function asciiDigits(text: string): string {
  return text.replace(/[\uFF10-\uFF19]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0));
}

// An 18-character identity number (region, birth date, sequence, check) or a 15-digit old one.
const idNumberPattern =
  /(?<![0-9A-Za-z])(?:\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]|\d{8}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})(?![0-9A-Za-z])/g;
// A mainland mobile number, with or without +86, as 11 digits or in groups of 3-4-4.
const mobilePattern = /(?<![0-9A-Za-z])(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)/g;

/**
 * Masks the identity and mobile numbers in free text (what staff type into a notice, a reply or an
 * opinion that the petitioner or the public view reads): 13812345678 → 138****5678, an identity
 * number as {@link maskIdNumber}. Full-width digits are found too; the rest of the text is kept as
 * it is. Landline numbers are left alone: they are an office's hotline far more often than a
 * person's (docs/decisions/0017-policy-checks.md).
 */
export function maskPersonalNumbers(text: string): string {
  const ascii = asciiDigits(text);
  const spans: { start: number; end: number; masked: string }[] = [];
  for (const m of ascii.matchAll(idNumberPattern))
    spans.push({ start: m.index, end: m.index + m[0].length, masked: maskIdNumber(m[0].toUpperCase()) });
  for (const m of ascii.matchAll(mobilePattern)) {
    const start = m.index;
    if (spans.some((s) => start < s.end && start + m[0].length > s.start)) continue;
    spans.push({ start, end: start + m[0].length, masked: maskPhone(m[0].replace(/\D/g, '').slice(-11)) });
  }
  if (spans.length === 0) return text;
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += text.slice(at, s.start) + s.masked;
    at = s.end;
  }
  return out + text.slice(at);
}
