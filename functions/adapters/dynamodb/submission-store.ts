/**
 * Accepted submissions, stored before they are queued so that nothing accepted is lost.
 *
 * Items (same table as cases, docs/data-model.md):
 * - submission: pk `SUBMISSION#<channel>#<submissionId>`, sk `SUBMISSION`. While not registered it
 *   carries the due-index keys under the partition `INTAKE#PENDING`, so a sweep finds submissions
 *   whose queue message was lost (a crash between the write and the send) without a scan.
 * - tracking-number counter: pk `COUNTER#tracking#<yyyymmdd>`, sk `COUNTER`.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Channel } from '../../../domain/case/model.js';
import { type PendingSubmission, pendingSubmissionSchema } from '../../../events/submissions.js';
import { caseIndexes } from './case-table.js';

/** A submission as stored: the pending submission, its sealed query code and its progress. */
export interface StoredSubmission extends PendingSubmission {
  readonly sealedQueryCode: string;
  readonly status: 'received' | 'registered';
  readonly acceptedAt: string;
}

export interface SubmissionStore {
  /** The next tracking number of the Shanghai day of `now`: `XF<yyyymmdd><6-digit sequence>`. */
  nextTrackingNumber(now: string): Promise<string>;
  /** Stores a submission once. Returns the stored one when the same (channel, id) was seen before. */
  accept(submission: StoredSubmission): Promise<{ created: boolean; stored: StoredSubmission }>;
  get(channel: Channel, submissionId: string): Promise<StoredSubmission | undefined>;
  markRegistered(channel: Channel, submissionId: string): Promise<void>;
  /** Submissions accepted at or before `acceptedBefore` and still not registered. */
  stranded(
    acceptedBefore: string,
    limit: number,
  ): Promise<readonly { channel: Channel; submissionId: string }[]>;
}

const pendingPartition = 'INTAKE#PENDING';
const key = (channel: string, submissionId: string) => ({
  pk: `SUBMISSION#${channel}#${submissionId}`,
  sk: 'SUBMISSION',
});

function shanghaiDay(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');
}

function fromItem(item: Record<string, unknown>): StoredSubmission {
  return {
    ...pendingSubmissionSchema.parse(item['submission']),
    sealedQueryCode: String(item['sealedQueryCode']),
    status: item['status'] === 'registered' ? 'registered' : 'received',
    acceptedAt: String(item['acceptedAt']),
  };
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
        Key: { pk: `COUNTER#tracking#${day}`, sk: 'COUNTER' },
        UpdateExpression: 'ADD #seq :one SET entity = :entity',
        ExpressionAttributeNames: { '#seq': 'seq' },
        ExpressionAttributeValues: { ':one': 1, ':entity': 'counter' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const seq = Number(result.Attributes?.['seq']);
    return `XF${day}${String(seq).padStart(6, '0')}`;
  }

  async accept(submission: StoredSubmission): Promise<{ created: boolean; stored: StoredSubmission }> {
    const { sealedQueryCode, status, acceptedAt, ...pending } = submission;
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...key(submission.channel, submission.submissionId),
            entity: 'submission',
            submission: pending,
            sealedQueryCode,
            status,
            acceptedAt,
            [caseIndexes.due.partitionKey]: pendingPartition,
            [caseIndexes.due.sortKey]: `${acceptedAt}#${submission.channel}#${submission.submissionId}`,
          },
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
      new GetCommand({ TableName: this.tableName, Key: key(channel, submissionId), ConsistentRead: true }),
    );
    return result.Item ? fromItem(result.Item) : undefined;
  }

  async markRegistered(channel: Channel, submissionId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key(channel, submissionId),
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
        ExpressionAttributeValues: { ':pk': pendingPartition, ':before': `${acceptedBefore}#~` },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => {
      const [, channel, ...rest] = String(item['pk']).split('#');
      return { channel: channel as Channel, submissionId: rest.join('#') };
    });
  }
}
