import { z } from 'zod';

/**
 * The environment every function reads once at cold start (STYLE.md principle 7: typed province
 * configuration → CDK props → function environment → validated here). Locally the runtime passes
 * the same variables. A missing or malformed variable fails the cold start with its name.
 */
export const runtimeEnvironmentSchema = z.object({
  PROVINCE: z.string().min(1),
  TABLE_NAME: z.string().min(1).optional(),
  DUE_SHARDS: z.coerce.number().int().min(1).max(64).default(4),
  QUEUE_URL_INTAKE: z.url().optional(),
  QUEUE_URL_ROUTING: z.url().optional(),
  QUEUE_URL_CASEWORK: z.url().optional(),
  QUEUE_URL_NOTIFICATIONS: z.url().optional(),
  EVENT_BUS_NAME: z.string().min(1).optional(),
  EVENT_SOURCE: z.string().min(1).default('petition.cases'),
  WEB_WEBHOOK_SECRET: z.string().min(16).optional(),
  SMS_WEBHOOK_SECRET: z.string().min(16).optional(),
  WEB_WEBHOOK_SECRET_ID: z.string().min(1).optional(),
  SMS_WEBHOOK_SECRET_ID: z.string().min(1).optional(),
  /** Locally: a file holding the two 32-byte personal data keys (hex, one per line). */
  PERSONAL_DATA_KEY_FILE: z.string().min(1).optional(),
  /** On AWS: the two keys as one 64-byte KMS ciphertext (base64), unwrapped at cold start. */
  PERSONAL_DATA_KEYS_CIPHERTEXT: z.string().min(1).optional(),
  SMS_SENDER_ID: z.string().min(1).default('XINFANG'),
  /** Where petitioners look up and rate their case (used in SMS texts). */
  PUBLIC_BASE_URL: z.url().default('http://127.0.0.1:3000'),
  AWS_REGION: z.string().min(1).default('cn-north-1'),
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_SQS: z.url().optional(),
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
