import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AttemptCounter as AttemptCounterPort } from '../../../application/ports.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import { attemptsFromItem, entities, keys } from './table.js';

/**
 * Counts failed attempts per key in fixed windows, e.g. wrong query codes from one address.
 * Items (table.ts): one per scope, key and window, with `expiresAt` for TTL.
 */
export class AttemptCounter implements AttemptCounterPort {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly scope: string,
    private readonly windowSeconds: number,
  ) {}

  private itemKey(key: string, nowMs: number) {
    const window = Math.floor(nowMs / 1000 / this.windowSeconds) * this.windowSeconds;
    return {
      key: keys.attempts(this.scope, key, window),
      expiresAt: window + 2 * this.windowSeconds,
    };
  }

  async count(key: string, nowMs: number): Promise<number> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.itemKey(key, nowMs).key }),
    );
    return attemptsFromItem(result.Item);
  }

  async record(key: string, nowMs: number): Promise<number> {
    const { key: itemKey, expiresAt } = this.itemKey(key, nowMs);
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: itemKey,
        UpdateExpression:
          'ADD attempts :one SET expiresAt = :expiresAt, entity = :entity, schemaVersion = :schemaVersion',
        ExpressionAttributeValues: {
          ':one': 1,
          ':expiresAt': expiresAt,
          ':entity': entities.attempts,
          ':schemaVersion': 1,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.['attempts'] ?? 1);
  }
}

/** Wrong query codes per source address, in 15-minute windows, for a function granted the table. */
export function wrongQueryCodeCounter(env: Env): AttemptCounter {
  return new AttemptCounter(documentClient(env), tableName(env), 'query-code', 900);
}
