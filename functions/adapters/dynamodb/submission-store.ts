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
  submissionToItem,
} from './table.js';

function shanghaiDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

export class DynamoSubmissionStore implements SubmissionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async nextTrackingNumber(now: string): Promise<string> {
    const day = shanghaiDay(now);
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.trackingCounter(day),
        UpdateExpression: 'ADD #seq :one SET entity = :entity, schemaVersion = :version',
        ExpressionAttributeNames: { '#seq': 'seq' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'counter', ':version': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const seq = Number(result.Attributes?.['seq']);
    return `XF${day}${String(seq).padStart(6, '0')}`;
  }

  async accept(submission: StoredSubmission): Promise<{ created: boolean; stored: StoredSubmission }> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: submissionToItem(submission),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true, stored: submission };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.get(submission.channel, submission.submissionId);
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
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.submission(channel, submissionId),
        UpdateExpression: 'SET #status = :registered REMOVE #duePk, #dueSk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#duePk': caseIndexes.due.partitionKey,
          '#dueSk': caseIndexes.due.sortKey,
        },
        ExpressionAttributeValues: { ':registered': 'registered' },
      }),
    );
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
