/**
 * Accepted submissions, stored before they are queued so that nothing accepted is lost (item
 * layouts in table.ts). While not registered a submission carries the due-index keys of the
 * pending partition, so a sweep finds submissions whose queue message was lost (a crash between
 * the write and the send) without a scan.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { StoredSubmission, SubmissionStore } from '../../../application/ports.js';
import type { Channel } from '../../../domain/case/model.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import {
  caseIndexes,
  keys,
  pendingSubmissionsUpTo,
  submissionFromItem,
  submissionRefFromKey,
  submissionRegisteredUpdate,
  submissionToItem,
} from './table.js';

function shanghaiDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

/**
 * Tracking numbers a store takes from the day's counter at once: one counter update per block,
 * not per submission. Numbers stay unique and rise within a process; a process that ends leaves
 * the rest of its block unused (gaps, never duplicates; docs/decisions/0020-cost-per-case.md).
 */
const defaultTrackingBlock = 50;

export class DynamoSubmissionStore implements SubmissionStore {
  /** The numbers of the current block not yet handed out, per Shanghai day. */
  #block: { day: string; next: number; end: number } | undefined;
  #refill: Promise<void> | undefined;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly trackingBlock = defaultTrackingBlock,
  ) {}

  async nextTrackingNumber(now: string): Promise<string> {
    const day = shanghaiDay(now);
    for (;;) {
      const block = this.#block;
      if (block?.day === day && block.next <= block.end) {
        const seq = block.next++;
        return `XF${day}${String(seq).padStart(6, '0')}`;
      }
      // One refill at a time: concurrent callers wait for it instead of taking blocks of their own.
      this.#refill ??= this.takeBlock(day).finally(() => {
        this.#refill = undefined;
      });
      await this.#refill;
    }
  }

  private async takeBlock(day: string): Promise<void> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.trackingCounter(day),
        UpdateExpression: 'ADD #seq :block SET entity = :entity, schemaVersion = :version',
        ExpressionAttributeNames: { '#seq': 'seq' },
        ExpressionAttributeValues: { ':block': this.trackingBlock, ':entity': 'counter', ':version': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const end = Number(result.Attributes?.['seq']);
    this.#block = { day, next: end - this.trackingBlock + 1, end };
  }

  async accept(submission: StoredSubmission): Promise<{ created: boolean; stored: StoredSubmission }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: submissionToItem(submission),
          ConditionExpression: 'attribute_not_exists(pk)',
          // The submission seen before comes back with the refusal: no second round trip.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { created: true, stored: submission };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = error.Item
        ? submissionFromItem(unmarshall(error.Item))
        : await this.get(submission.channel, submission.submissionId);
      if (!stored) throw new Error('submission vanished after a conflicting write', { cause: error });
      return { created: false, stored };
    }
  }

  async get(channel: Channel, submissionId: string): Promise<StoredSubmission | undefined> {
    const result = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.submission(channel, submissionId),
        ConsistentRead: true,
      }),
    );
    return result.Item ? submissionFromItem(result.Item) : undefined;
  }

  async markRegistered(channel: Channel, submissionId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand(submissionRegisteredUpdate(this.tableName, channel, submissionId)),
    );
  }

  async countPending(): Promise<number> {
    let count = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const result = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: caseIndexes.due.indexName,
          KeyConditionExpression: '#pk = :pk',
          ExpressionAttributeNames: { '#pk': caseIndexes.due.partitionKey },
          ExpressionAttributeValues: { ':pk': keys.pendingSubmissionsPartition },
          Select: 'COUNT',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      count += result.Count ?? 0;
      start = result.LastEvaluatedKey;
    } while (start);
    return count;
  }

  async stranded(
    acceptedBefore: string,
    limit: number,
  ): Promise<readonly { channel: Channel; submissionId: string }[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: caseIndexes.due.indexName,
        KeyConditionExpression: '#pk = :pk AND #sk <= :before',
        ExpressionAttributeNames: { '#pk': caseIndexes.due.partitionKey, '#sk': caseIndexes.due.sortKey },
        ExpressionAttributeValues: {
          ':pk': keys.pendingSubmissionsPartition,
          ':before': pendingSubmissionsUpTo(acceptedBefore),
        },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => submissionRefFromKey(String(item['pk'])));
  }
}

/** The submission store of a function granted the table. */
export function submissionStore(env: Env): DynamoSubmissionStore {
  return new DynamoSubmissionStore(documentClient(env), tableName(env));
}
