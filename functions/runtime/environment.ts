/**
 * The variables a function may be given, each read and checked by the adapter that needs it, once
 * at cold start (STYLE.md principle 7: typed province configuration → CDK props → function
 * environment → validated here). A function is granted only the variables its topology access
 * implies (infra/cdk/function-environment.ts), so an adapter it was not granted fails its cold
 * start with the missing variable's name, on AWS and locally alike.
 */
import '../../domain/zod-messages.js';
import * as z from 'zod/mini';

/** What a function's environment looks like: `process.env` on Lambda, a plain object locally. */
export type Env = Readonly<Record<string, string | undefined>>;

const text = z.string().check(z.minLength(1));
const url = z.url();

/** Every variable a function may read, with its schema and what it grants. */
export const variables = {
  PROVINCE: { schema: text, grants: 'the province the function serves' },
  PROVINCE_CONFIG_FILE: { schema: text, grants: 'the province configuration (JSON) shipped beside the code' },
  PUBLIC_BASE_URL: { schema: url, grants: 'where petitioners look up and rate their case (in SMS texts)' },
  ROUTING_MODEL_FILE: { schema: text, grants: 'the trained topic model (JSON) shipped beside the code' },
  TABLE_NAME: { schema: text, grants: 'the table' },
  DUE_SHARDS: {
    schema: z.pipe(z.coerce.number(), z.int().check(z.minimum(1), z.maximum(64))),
    grants: 'the shards of the due index',
  },
  QUEUE_URL_INTAKE: { schema: url, grants: 'sending to the intake queue' },
  QUEUE_URL_ROUTING: { schema: url, grants: 'sending to the routing queue' },
  QUEUE_URL_CASEWORK: { schema: url, grants: 'sending to the casework queue' },
  QUEUE_URL_SMS: { schema: url, grants: 'sending to the SMS queue' },
  DEAD_LETTER_QUEUE_URL_INTAKE: { schema: url, grants: 'counting the intake dead-letter queue' },
  EVENT_BUS_NAME: { schema: text, grants: 'publishing case events' },
  EVENT_SOURCE: { schema: text, grants: 'the source of published case events' },
  WEB_WEBHOOK_SECRET: {
    schema: z.string().check(z.minLength(16)),
    grants: 'the web webhook secret (locally)',
  },
  SMS_WEBHOOK_SECRET: {
    schema: z.string().check(z.minLength(16)),
    grants: 'the SMS webhook secret (locally)',
  },
  WEB_WEBHOOK_SECRET_ID: { schema: text, grants: 'the web webhook secret in Secrets Manager' },
  SMS_WEBHOOK_SECRET_ID: { schema: text, grants: 'the SMS webhook secret in Secrets Manager' },
  PERSONAL_DATA_KEY_FILE: { schema: text, grants: 'the personal data keys (locally, a key file)' },
  PERSONAL_DATA_KEYS_CIPHERTEXT: {
    schema: text,
    grants: 'the personal data keys (on AWS, unwrapped by KMS)',
  },
  SMS_PROVIDER: { schema: z.enum(['sns', 'aliyun']), grants: 'sending SMS (which provider)' },
  SMS_SENDER_ID: { schema: text, grants: 'sending SMS through SNS (its sender id)' },
  SMS_CREDENTIALS_SECRET_ID: {
    schema: text,
    grants: 'sending SMS through Alibaba Cloud (its AccessKey in Secrets Manager)',
  },
  SMS_API_ENDPOINT: { schema: url, grants: 'an SMS provider endpoint other than the default' },
  DEAD_LETTER_QUEUES: {
    schema: text,
    grants: 'redriving dead letters (every queue and its dead-letter queue, JSON)',
  },
  OPEN311_API_KEY: {
    schema: z.string().check(z.minLength(16)),
    grants: 'the Open311 partner key (locally)',
  },
  OPEN311_PARTNER_KEYS_SECRET_ID: { schema: text, grants: 'the Open311 partner keys in Secrets Manager' },
  AWS_REGION: { schema: text, grants: 'the AWS region' },
  AWS_ENDPOINT_URL_DYNAMODB: { schema: url, grants: 'a DynamoDB endpoint other than AWS (locally)' },
  AWS_ENDPOINT_URL_SQS: { schema: url, grants: 'an SQS endpoint other than AWS (locally)' },
} as const;

export type Variable = keyof typeof variables;
type ValueOf<V extends Variable> = z.output<(typeof variables)[V]['schema']>;

/** A variable is missing or malformed: the function was not granted what it uses. */
export class EnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

/** The variable's value, checked; an EnvironmentError naming it when it is missing or malformed. */
export function required<V extends Variable>(env: Env, name: V): ValueOf<V> {
  const value = env[name];
  if (value === undefined || value === '')
    throw new EnvironmentError(`${name} is not set: this function was not granted ${variables[name].grants}`);
  return parse(name, value);
}

/** The variable's value, checked, or undefined when it is not set. */
export function optional<V extends Variable>(env: Env, name: V): ValueOf<V> | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : parse(name, value);
}

function parse<V extends Variable>(name: V, value: string): ValueOf<V> {
  const parsed = variables[name].schema.safeParse(value);
  if (!parsed.success)
    throw new EnvironmentError(
      `${name} is malformed: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  return parsed.data as ValueOf<V>;
}

/** `intake` → `QUEUE_URL_INTAKE`. */
export function queueUrlVariable(queue: 'intake' | 'routing' | 'casework' | 'sms'): Variable {
  return `QUEUE_URL_${queue.toUpperCase()}` as Variable;
}

/** The variable holding the URL of a queue's dead-letter queue, for a function that counts it. */
export function deadLetterQueueUrlVariable(queue: 'intake'): Variable {
  return `DEAD_LETTER_QUEUE_URL_${queue.toUpperCase()}` as Variable;
}
