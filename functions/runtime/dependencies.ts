/**
 * The composition root: builds every adapter a function needs from the validated environment.
 * Lambda calls it once per cold start; the local runtime calls it with the same environment and
 * replaces the clock, the event bus and the SMS gateway with its own. Tests do the same.
 */
import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AssessmentStore } from '../../domain/assessment/store.js';
import { createHolidayCalendar } from '../../domain/calendar/index.js';
import type { CaseRepository } from '../../domain/case/repository.js';
import { createDeadlinePlanner } from '../../domain/deadlines/index.js';
import type { DeadlinePlanner } from '../../domain/deadlines/rules.js';
import type { StaffFeed } from '../../domain/notifications/staff-feed.js';
import type {
  Clock,
  EventPublisher,
  MessageQueue,
  PersonalDataProtector,
  SmsGateway,
} from '../../domain/ports.js';
import { ProvinceDirectory } from '../../domain/province/directory.js';
import type { ProvinceConfig } from '../../domain/province/schema.js';
import { provinceConfig } from '../../infra/provinces/index.js';
import { DynamoAssessmentStore } from '../adapters/dynamodb/assessment-store.js';
import { AttemptCounter } from '../adapters/dynamodb/attempt-counter.js';
import { type CaseEventOutbox, DynamoCaseRepository } from '../adapters/dynamodb/case-repository.js';
import { DynamoStaffFeed } from '../adapters/dynamodb/staff-feed.js';
import { DynamoSubmissionStore, type SubmissionStore } from '../adapters/dynamodb/submission-store.js';
import { EventBridgePublisher } from '../adapters/eventbridge-publisher.js';
import { AesGcmPersonalDataProtector } from '../adapters/personal-data.js';
import { SnsSmsGateway } from '../adapters/sns-sms-gateway.js';
import { SqsMessageQueue } from '../adapters/sqs-message-queue.js';
import {
  SecretsManagerWebhookSecrets,
  StaticWebhookSecrets,
  type WebhookSecrets,
} from '../adapters/webhook-secrets.js';
import { type RuntimeEnvironment, readEnvironment } from './environment.js';
import { createLogger, type Logger } from './logger.js';

/** The province a runtime serves: its configuration, directory and deadline planner. */
export interface ProvinceContext {
  readonly config: ProvinceConfig;
  readonly directory: ProvinceDirectory;
  readonly planner: DeadlinePlanner;
}

/** Everything a handler may use. Handlers receive it; they never build clients themselves. */
export interface Dependencies {
  readonly environment: RuntimeEnvironment;
  readonly clock: Clock;
  /** Real time, for transport security (signature freshness) that must not follow a simulated clock. */
  readonly wallClock: Clock;
  readonly cases: CaseRepository & CaseEventOutbox;
  readonly submissions: SubmissionStore;
  /** Wrong query codes per source address, for throttling the public lookup. */
  readonly wrongQueryCodes: AttemptCounter;
  /** The per-unit notification feed staff read (alerts and daily digests). */
  readonly staffFeed: StaffFeed;
  /** Assessment counters per unit and month (目标管理考核). */
  readonly assessment: AssessmentStore;
  readonly queues: MessageQueue;
  readonly events: EventPublisher;
  readonly sms: SmsGateway;
  readonly province: ProvinceContext;
  readonly webhookSecrets: WebhookSecrets;
  readonly personalData: PersonalDataProtector;
  readonly logger: Logger;
}

export const systemClock: Clock = { now: () => new Date().toISOString() };

/** Loads a province's configuration and derives its directory and deadline planner. */
export function provinceContext(provinceId: string): ProvinceContext {
  const config = provinceConfig(provinceId);
  return {
    config,
    directory: new ProvinceDirectory(config),
    planner: createDeadlinePlanner(config.deadlines, createHolidayCalendar(config.calendar)),
  };
}

async function personalDataProtector(env: RuntimeEnvironment): Promise<PersonalDataProtector> {
  if (env.PERSONAL_DATA_KEY_FILE) {
    const [encryption, hash] = (await readFile(env.PERSONAL_DATA_KEY_FILE, 'utf8')).trim().split(/\s+/);
    if (!encryption || !hash) throw new Error(`${env.PERSONAL_DATA_KEY_FILE} must hold two hex keys`);
    return new AesGcmPersonalDataProtector(Buffer.from(encryption, 'hex'), Buffer.from(hash, 'hex'));
  }
  if (env.PERSONAL_DATA_KEYS_CIPHERTEXT) {
    const kms = new KMSClient({ region: env.AWS_REGION });
    const result = await kms.send(
      new DecryptCommand({ CiphertextBlob: Buffer.from(env.PERSONAL_DATA_KEYS_CIPHERTEXT, 'base64') }),
    );
    const keys = Buffer.from(result.Plaintext ?? new Uint8Array());
    if (keys.length !== 64) throw new Error('the personal data key ciphertext must unwrap to 64 bytes');
    return new AesGcmPersonalDataProtector(keys.subarray(0, 32), keys.subarray(32));
  }
  return notConfigured(
    'personal data keys',
    'PERSONAL_DATA_KEY_FILE locally, PERSONAL_DATA_KEYS_CIPHERTEXT on AWS',
  );
}

/**
 * A stand-in for an adapter this function's configuration does not provide. Least privilege gives
 * each function only the variables it needs, so a function fails when it uses something it was
 * not granted, with the missing variable in the message, instead of failing every cold start.
 */
export function notConfigured<T extends object>(what: string, variables: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined;
      throw new Error(
        `${what} is not configured for this function (${variables}); '${String(property)}' cannot be used`,
      );
    },
  });
}

function webhookSecrets(env: RuntimeEnvironment, clock: Clock): WebhookSecrets {
  if (env.WEB_WEBHOOK_SECRET && env.SMS_WEBHOOK_SECRET) {
    return new StaticWebhookSecrets({ web: env.WEB_WEBHOOK_SECRET, sms: env.SMS_WEBHOOK_SECRET });
  }
  if (env.WEB_WEBHOOK_SECRET_ID && env.SMS_WEBHOOK_SECRET_ID) {
    return new SecretsManagerWebhookSecrets(
      new SecretsManagerClient({ region: env.AWS_REGION }),
      { web: env.WEB_WEBHOOK_SECRET_ID, sms: env.SMS_WEBHOOK_SECRET_ID },
      () => Date.parse(clock.now()),
    );
  }
  return notConfigured(
    'webhook secrets',
    'WEB_/SMS_WEBHOOK_SECRET locally, WEB_/SMS_WEBHOOK_SECRET_ID on AWS',
  );
}

/** Builds the dependencies from an environment; `overrides` replace single adapters. */
export async function buildDependencies(
  rawEnvironment: Readonly<Record<string, string | undefined>>,
  overrides: Partial<Omit<Dependencies, 'environment'>> = {},
): Promise<Dependencies> {
  const env = readEnvironment(rawEnvironment);
  const clock = overrides.clock ?? systemClock;
  const dynamo = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: env.AWS_REGION,
      ...(env.AWS_ENDPOINT_URL_DYNAMODB ? { endpoint: env.AWS_ENDPOINT_URL_DYNAMODB } : {}),
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  const sqs = new SQSClient({
    region: env.AWS_REGION,
    ...(env.AWS_ENDPOINT_URL_SQS ? { endpoint: env.AWS_ENDPOINT_URL_SQS } : {}),
  });
  const queueUrls = Object.fromEntries(
    Object.entries({
      intake: env.QUEUE_URL_INTAKE,
      routing: env.QUEUE_URL_ROUTING,
      casework: env.QUEUE_URL_CASEWORK,
      notifications: env.QUEUE_URL_NOTIFICATIONS,
    }).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  const table = env.TABLE_NAME;
  const cases = table
    ? new DynamoCaseRepository(dynamo, { tableName: table, dueShards: env.DUE_SHARDS })
    : notConfigured<DynamoCaseRepository>('the case table', 'TABLE_NAME');
  return {
    environment: env,
    clock,
    wallClock: overrides.wallClock ?? systemClock,
    cases,
    submissions:
      overrides.submissions ??
      (table
        ? new DynamoSubmissionStore(dynamo, table)
        : notConfigured<SubmissionStore>('the submission store', 'TABLE_NAME')),
    wrongQueryCodes:
      overrides.wrongQueryCodes ??
      (table
        ? new AttemptCounter(dynamo, table, 'query-code', 900)
        : notConfigured<AttemptCounter>('the attempt counter', 'TABLE_NAME')),
    staffFeed:
      overrides.staffFeed ??
      (table
        ? new DynamoStaffFeed(dynamo, table)
        : notConfigured<StaffFeed>('the staff notification feed', 'TABLE_NAME')),
    assessment:
      overrides.assessment ??
      (table
        ? new DynamoAssessmentStore(dynamo, table, () => clock.now())
        : notConfigured<AssessmentStore>('the assessment counters', 'TABLE_NAME')),
    queues: overrides.queues ?? new SqsMessageQueue(sqs, queueUrls),
    events:
      overrides.events ??
      new EventBridgePublisher(
        new EventBridgeClient({ region: env.AWS_REGION }),
        env.EVENT_BUS_NAME ?? 'default',
        env.EVENT_SOURCE,
      ),
    sms: overrides.sms ?? new SnsSmsGateway(new SNSClient({ region: env.AWS_REGION }), env.SMS_SENDER_ID),
    province: overrides.province ?? provinceContext(env.PROVINCE),
    webhookSecrets: overrides.webhookSecrets ?? webhookSecrets(env, clock),
    personalData: overrides.personalData ?? (await personalDataProtector(env)),
    logger: overrides.logger ?? createLogger({ province: env.PROVINCE }),
  };
}
