/**
 * JSON with every character outside printable ASCII written as a `\uXXXX` escape: the same value
 * for every JSON reader, and a message body that any SQS accepts (SQS refuses some characters,
 * such as U+FFFF, and some SQS implementations more). Unpaired surrogates stay escaped.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7E]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
