/**
 * Sends each message id at most once, whatever the queue redelivers: a record per `messageId` in
 * the table (Powertools Idempotency on DynamoDB: in progress, then completed) guards the send. A
 * send that fails leaves no record, so a redelivery tries again; a send in progress elsewhere fails
 * this delivery, which is retried and then finds it completed.
 *
 * The function registers each invocation's Lambda context ({@link registerLambdaContext}): a
 * record in progress then expires at the invocation's deadline, so a send cut short by a timeout
 * or a crash is tried again by the next delivery instead of waiting out the record's retention.
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { Context } from 'aws-lambda';
import type { SmsGateway, SmsMessage } from '../../../domain/ports.js';
import type { Env } from '../../runtime/environment.js';
import { dynamoDbClient, tableName } from '../dynamodb/client.js';
import { keys } from '../dynamodb/table.js';

/** How long a sent id is remembered: longer than any redelivery (queue retention is 14 days). */
const sentMessageRetentionSeconds = 15 * 86_400;

export class IdempotentSmsGateway implements SmsGateway {
  private readonly sendOnce: (message: SmsMessage) => Promise<void>;
  private readonly config = new IdempotencyConfig({
    eventKeyJmesPath: 'messageId',
    expiresAfterSeconds: sentMessageRetentionSeconds,
    throwOnNoIdempotencyKey: true,
  });

  constructor(gateway: SmsGateway, persistence: DynamoDBPersistenceLayer) {
    this.sendOnce = makeIdempotent(async (message: SmsMessage) => gateway.send(message), {
      persistenceStore: persistence,
      config: this.config,
    });
  }

  /** The invocation under way, whose deadline bounds a send in progress (call once per invocation). */
  registerLambdaContext(context: Context): void {
    this.config.registerLambdaContext(context);
  }

  async send(message: SmsMessage): Promise<void> {
    await this.sendOnce(message);
  }
}

/** The sent-message records on the function's table (item layout in table.ts). */
export function sentSmsRecords(env: Env): DynamoDBPersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName: tableName(env),
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: keys.sentSmsPartition,
    expiryAttr: 'expiresAt',
    awsSdkV3Client: dynamoDbClient(env),
  });
}
