import '../../domain/zod-messages.js';
import * as z from 'zod/mini';

/**
 * The environment every function reads once at cold start (STYLE.md principle 7: typed province
 * configuration → CDK props → function environment → validated here). Locally the runtime passes
 * the same variables. A missing or malformed variable fails the cold start with its name.
 */
export const runtimeEnvironmentSchema = z.object({
  PROVINCE: z.string().check(z.minLength(1)),
  TABLE_NAME: z.optional(z.string().check(z.minLength(1))),
  DUE_SHARDS: z._default(z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(64))), 4),
  QUEUE_URL_INTAKE: z.optional(z.url()),
  QUEUE_URL_ROUTING: z.optional(z.url()),
  QUEUE_URL_CASEWORK: z.optional(z.url()),
  QUEUE_URL_NOTIFICATIONS: z.optional(z.url()),
  EVENT_BUS_NAME: z.optional(z.string().check(z.minLength(1))),
  EVENT_SOURCE: z._default(z.string().check(z.minLength(1)), 'petition.cases'),
  WEB_WEBHOOK_SECRET: z.optional(z.string().check(z.minLength(16))),
  SMS_WEBHOOK_SECRET: z.optional(z.string().check(z.minLength(16))),
  WEB_WEBHOOK_SECRET_ID: z.optional(z.string().check(z.minLength(1))),
  SMS_WEBHOOK_SECRET_ID: z.optional(z.string().check(z.minLength(1))),
  /** Locally: a file holding the two 32-byte personal data keys (hex, one per line). */
  PERSONAL_DATA_KEY_FILE: z.optional(z.string().check(z.minLength(1))),
  /** On AWS: the two keys as one 64-byte KMS ciphertext (base64), unwrapped at cold start. */
  PERSONAL_DATA_KEYS_CIPHERTEXT: z.optional(z.string().check(z.minLength(1))),
  SMS_SENDER_ID: z._default(z.string().check(z.minLength(1)), 'XINFANG'),
  /** Where petitioners look up and rate their case (used in SMS texts). */
  PUBLIC_BASE_URL: z._default(z.url(), 'http://127.0.0.1:3000'),
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'cn-north-1'),
  AWS_ENDPOINT_URL_DYNAMODB: z.optional(z.url()),
  AWS_ENDPOINT_URL_SQS: z.optional(z.url()),
});

export type RuntimeEnvironment = z.infer<typeof runtimeEnvironmentSchema>;

export class EnvironmentError extends Error {}

/** Validates the environment, naming every bad variable. */
export function readEnvironment(env: Readonly<Record<string, string | undefined>>): RuntimeEnvironment {
  const parsed = runtimeEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new EnvironmentError(`invalid function environment: ${problems}`);
  }
  return parsed.data;
}
