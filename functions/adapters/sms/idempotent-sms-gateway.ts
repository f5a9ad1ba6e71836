/**
 * Sends each message id at most once, whatever the queue redelivers: a record per `messageId` in
 * the table (Powertools Idempotency on DynamoDB: in progress, then completed) guards the send. A
 * send that fails leaves no record, so a redelivery tries again; a send in progress elsewhere fails
 * this delivery, which is retried and then finds it completed.
 */
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { SmsGateway, SmsMessage } from '../../../domain/ports.js';
import type { Env } from '../../runtime/environment.js';
import { dynamoDbClient, tableName } from '../dynamodb/client.js';
import { keys } from '../dynamodb/table.js';

/** How long a sent id is remembered: longer than any redelivery (queue retention is 14 days). */
const sentMessageRetentionSeconds = 15 * 86_400;

export class IdempotentSmsGateway implements SmsGateway {
  private readonly sendOnce: (message: SmsMessage) => Promise<void>;

  constructor(gateway: SmsGateway, persistence: DynamoDBPersistenceLayer) {
    this.sendOnce = makeIdempotent(async (message: SmsMessage) => gateway.send(message), {
      persistenceStore: persistence,
      config: new IdempotencyConfig({
        eventKeyJmesPath: 'messageId',
        expiresAfterSeconds: sentMessageRetentionSeconds,
        throwOnNoIdempotencyKey: true,
      }),
    });
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
