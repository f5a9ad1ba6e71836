/**
 * Structured JSON logs, one line per entry. Personal data never reaches a log: values that look
 * like a mainland mobile or identity number are masked before writing, whatever the caller passed.
 * On Lambda, Powertools' Logger writes them (with request id, cold start and trace id) through the
 * redacting formatter below; locally and in tests the same redaction writes plain JSON lines.
 */
import { LogFormatter, LogItem, Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import type { Logger } from '../../application/ports.js';

export type { Logger } from '../../application/ports.js';

/** A logger that may be Powertools' (on Lambda), which learns each invocation's request id. */
export type LambdaAwareLogger = Logger & { readonly powertools?: PowertoolsLogger };

const identityNumber = /(?<!\d)(\d{6})\d{8}(\d{3}[\dXx])(?!\d)/g;
const mobileNumber = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;

/** Masks anything that looks like an identity or mobile number in a string. */
export function redact(text: string): string {
  return text.replace(identityNumber, '$1********$2').replace(mobileNumber, '$1****$2');
}

/** A copy of a value with every string in it redacted (errors become their name, message and stack). */
export function redactDeep(value: unknown): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error)
    return redactDeep({ name: value.name, message: value.message, stack: value.stack });
  if (Array.isArray(value)) return value.map(redactDeep);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]));
  return value;
}

/** Powertools' log layout (level, service, request id, cold start, trace id), every value redacted. */
export class RedactingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additional: LogAttributes): LogItem {
    const context = attributes.lambdaContext;
    return new LogItem({
      attributes: redactDeep({
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        xray_trace_id: attributes.xRayTraceId,
        ...additional,
      }) as LogAttributes,
    });
  }
}

/** The Powertools logger of a Lambda function, behind the Logger port. */
export function lambdaLogger(serviceName: string): Logger & { readonly powertools: PowertoolsLogger } {
  const powertools = new PowertoolsLogger({ serviceName, logFormatter: new RedactingLogFormatter() });
  return {
    powertools,
    info: (message, fields = {}) => powertools.info(message, fields),
    warn: (message, fields = {}) => powertools.warn(message, fields),
    error: (message, fields = {}) => powertools.error(message, fields),
  };
}

/** A logger writing redacted JSON lines to `write` (locally: the runtime's output; in tests: a list). */
export function createLogger(
  base: Record<string, unknown> = {},
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Logger {
  const log =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}) => {
      write(JSON.stringify(redactDeep({ level, message, ...base, ...fields })));
    };
  return { info: log('INFO'), warn: log('WARN'), error: log('ERROR') };
}
