/**
 * The per-unit notification feed on the table (item layout in table.ts, docs/data-model.md).
 *
 * The sort key starts with the instant, so a unit's feed is one partition read newest first by a
 * key query, and `since` is a key condition. The rest of the key is derived from the event (or the
 * day), so a redelivered event or a second digest run writes the same key, and the conditional put
 * leaves the first write in place. `expiresAt` (the table's TTL attribute) is 90 days after `at`.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { InvalidCursorError } from '../../../domain/case/errors.js';
import type { Page } from '../../../domain/case/repository.js';
import type {
  FeedEntry,
  FeedQuery,
  StaffFeed,
  StoredFeedEntry,
} from '../../../domain/notifications/staff-feed.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import { feedEntryFromItem, feedEntryToItem, keys, tableKeys } from './table.js';

/** The feed could not be read or written; the SDK error is the cause. */
class StaffFeedStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StaffFeedStoreError';
  }
}

interface FeedCursor {
  readonly u: string;
  readonly s: string;
}

export class DynamoStaffFeed implements StaffFeed {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async add(entries: readonly FeedEntry[]): Promise<number> {
    const created = await Promise.all(entries.map((entry) => this.putOnce(entry)));
    return created.filter(Boolean).length;
  }

  async list(unitId: string, query: FeedQuery): Promise<Page<StoredFeedEntry>> {
    if (!Number.isInteger(query.limit) || query.limit < 1)
      throw new RangeError('limit must be a positive whole number');
    const pk = keys.feedPartition(unitId);
    const start = query.cursor === undefined ? undefined : decodeCursor(query.cursor, unitId, query.since);
    let out: QueryCommandOutput;
    try {
      out = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: query.since === undefined ? '#pk = :pk' : '#pk = :pk AND #sk >= :since',
          ExpressionAttributeNames: {
            '#pk': tableKeys.partitionKey,
            ...(query.since === undefined ? {} : { '#sk': tableKeys.sortKey }),
          },
          ExpressionAttributeValues: {
            ':pk': pk,
            ...(query.since === undefined ? {} : { ':since': query.since }),
          },
          ScanIndexForward: false,
          Limit: query.limit,
          ...(start ? { ExclusiveStartKey: { pk, sk: start.s } } : {}),
        }),
      );
    } catch (error) {
      throw new StaffFeedStoreError(`reading the feed of ${unitId} failed`, { cause: error });
    }
    const items = (out.Items ?? []).map(feedEntryFromItem);
    const last = out.LastEvaluatedKey?.[tableKeys.sortKey];
    return typeof last === 'string' ? { items, cursor: encodeCursor({ u: unitId, s: last }) } : { items };
  }

  /** Puts an entry unless its key exists; true when it was new. */
  private async putOnce(entry: FeedEntry): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: feedEntryToItem(entry),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw new StaffFeedStoreError(`storing a ${entry.kind} entry for ${entry.unitId} failed`, {
        cause: error,
      });
    }
  }
}

function encodeCursor(cursor: FeedCursor): string {
  return Buffer.from(JSON.stringify(cursor), 'utf8').toString('base64url');
}

/** Reads a cursor back, refusing one of another unit, of another shape, or before `since`. */
function decodeCursor(cursor: string, unitId: string, since: string | undefined): FeedCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidCursorError();
  const { u, s } = parsed as Record<string, unknown>;
  if (u !== unitId || typeof s !== 'string' || s.length === 0) throw new InvalidCursorError();
  // A start key outside the key condition is refused by DynamoDB; refuse it here, as a client error.
  if (since !== undefined && s < since) throw new InvalidCursorError();
  return { u, s };
}

/** The staff feed of a function granted the table. */
export function staffFeed(env: Env): DynamoStaffFeed {
  return new DynamoStaffFeed(documentClient(env), tableName(env));
}
