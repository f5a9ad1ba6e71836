/**
 * Structured JSON logs, one line per entry. Personal data never reaches a log: values that look
 * like a mainland mobile or identity number are masked before writing, whatever the caller passed.
 */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

const identityNumber = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)/g;
const mobileNumber = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** Masks anything that looks like an identity or mobile number in a string. */
export function redact(text: string): string {
  return text.replace(identityNumber, '$1********$2').replace(mobileNumber, '$1****$2');
}

function serialise(value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

export function createLogger(
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      const entry = {
        level,
        message,
        ...base,
        ...Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, serialise(v)])),
      };
      write(redact(JSON.stringify(entry)));
    };
  return {
    info: log('INFO'),
    warn: log('WARN'),
    error: log('ERROR'),
    child: (fields) => createLogger({ ...base, ...fields }, write),
  };
}
