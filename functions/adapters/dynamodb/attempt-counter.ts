import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type {
  AttemptCounter as AttemptCounterPort,
  AttemptDecision,
  RateLimit,
} from '../../../application/ports.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import { entities, keys } from './table.js';

/**
 * Counts attempts per key in fixed windows, e.g. wrong query codes from one address or on one
 * case. One item per scope, key, window length and window (table.ts), with `expiresAt` for TTL.
 * An attempt is counted by one UpdateItem that adds 1 only while the count is under the limit, so
 * parallel attempts never together pass it: no read, then write, in between.
 */
export class AttemptCounter implements AttemptCounterPort {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly scope: string,
  ) {}

  private window(key: string, limit: RateLimit, atMs: number) {
    const start = Math.floor(atMs / 1000 / limit.windowSeconds) * limit.windowSeconds;
    return {
      // Each window length keeps its own items: two limits on one key never share a count.
      key: keys.attempts(`${this.scope}/${limit.windowSeconds}`, key, start),
      end: start + limit.windowSeconds,
    };
  }

  async take(key: string, limit: RateLimit, nowMs: number): Promise<AttemptDecision> {
    const window = this.window(key, limit, nowMs);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: window.key,
          UpdateExpression:
            'ADD attempts :one SET expiresAt = :expiresAt, entity = :entity, schemaVersion = :schemaVersion',
          ConditionExpression: 'attribute_not_exists(attempts) OR attempts < :limit',
          ExpressionAttributeValues: {
            ':one': 1,
            ':limit': limit.limit,
            ':expiresAt': window.end + limit.windowSeconds,
            ':entity': entities.attempts,
            ':schemaVersion': 1,
          },
        }),
      );
      return { allowed: true };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      return { allowed: false, retryAfterSeconds: Math.max(1, window.end - Math.floor(nowMs / 1000)) };
    }
  }

  async giveBack(key: string, limit: RateLimit, takenAtMs: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.window(key, limit, takenAtMs).key,
          UpdateExpression: 'ADD attempts :minusOne',
          ConditionExpression: 'attempts > :zero',
          ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
        }),
      );
    } catch (error) {
      // Nothing left to give back (the window's item expired): nothing to do.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** Wrong query codes, per source address and per tracking number, for a function granted the table. */
export function wrongQueryCodeCounter(env: Env): AttemptCounter {
  return new AttemptCounter(documentClient(env), tableName(env), 'query-code');
}
