/**
 * Sliding-window rate limits on the table (item layout in table.ts): one item per scope and key
 * holds the instants counted in the last window, oldest first, and a version. An event is counted
 * by a write conditional on the version read, so of two callers that read the same state only one
 * can count; the other reads again and decides on what is now there. Parallel requests therefore
 * never exceed a limit, and unlike clock-aligned buckets no burst fits across a bucket boundary.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { RateDecision, RateLimit, RateLimiter } from '../../../application/ports.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import { keys, rateWindowFromItem, rateWindowToItem } from './table.js';

/** Attempts at a contended write before giving up (each lost race means someone else was counted). */
const maxRaces = 50;

/** What a limit decides for a window's instants at `nowMs`: the instants to store, or a refusal. */
export function decide(
  times: readonly number[],
  limit: RateLimit,
  nowMs: number,
): { allowed: true; times: number[] } | { allowed: false; retryAfterSeconds: number } {
  const windowMs = limit.windowSeconds * 1000;
  const recent = times.filter((t) => t > nowMs - windowMs).sort((a, b) => a - b);
  if (recent.length < limit.limit) return { allowed: true, times: [...recent, nowMs] };
  // The event that must leave the window before another fits.
  const freeing = recent[recent.length - limit.limit] as number;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((freeing + windowMs - nowMs) / 1000)) };
}

export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async take(scope: string, key: string, limit: RateLimit, nowMs: number): Promise<RateDecision> {
    // Each limit keeps its own window: a short limit would otherwise drop what a long one counts.
    const windowScope = `${scope}#${limit.limit}/${limit.windowSeconds}`;
    const itemKey = keys.rateWindow(windowScope, key);
    for (let race = 0; race < maxRaces; race++) {
      const read = await this.client.send(
        new GetCommand({ TableName: this.tableName, Key: itemKey, ConsistentRead: true }),
      );
      const current = rateWindowFromItem(read.Item);
      const decision = decide(current?.times ?? [], limit, nowMs);
      if (!decision.allowed) return decision;
      const seq = (current?.seq ?? 0) + 1;
      const expiresAt = Math.ceil(nowMs / 1000) + limit.windowSeconds;
      try {
        await this.client.send(
          new PutCommand({
            TableName: this.tableName,
            Item: rateWindowToItem(windowScope, key, { seq, times: decision.times }, expiresAt),
            ...(current
              ? {
                  ConditionExpression: '#seq = :seq',
                  ExpressionAttributeNames: { '#seq': 'seq' },
                  ExpressionAttributeValues: { ':seq': current.seq },
                }
              : { ConditionExpression: 'attribute_not_exists(pk)' }),
          }),
        );
        return { allowed: true };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        // Someone else counted first: read again and decide on the new state.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * (race + 1)));
      }
    }
    throw new Error(`rate window ${scope}/${key} stayed contended for ${maxRaces} attempts`);
  }
}

/** The rate limiter of a function granted the table. */
export function rateLimiter(env: Env): DynamoRateLimiter {
  return new DynamoRateLimiter(documentClient(env), tableName(env));
}
