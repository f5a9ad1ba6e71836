/**
 * The province's reply templates on the table (item layout in table.ts, docs/data-model.md): one
 * partition of at most a few dozen small items (outcomes × categories), read whole by one query.
 */
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { ReplyOutcome } from '../../../domain/case/model.js';
import type { ReplyTemplate, ReplyTemplateStore } from '../../../domain/replies/templates.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import { type Item, keys, replyTemplateFromItem, replyTemplateToItem, tableKeys } from './table.js';

/** The templates could not be read or written; the SDK error is the cause. */
class ReplyTemplateStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ReplyTemplateStoreError';
  }
}

export class DynamoReplyTemplateStore implements ReplyTemplateStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async list(): Promise<readonly ReplyTemplate[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    try {
      do {
        const out = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: '#pk = :pk',
            ExpressionAttributeNames: { '#pk': tableKeys.partitionKey },
            ExpressionAttributeValues: { ':pk': keys.replyTemplatePartition },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (start);
    } catch (error) {
      throw new ReplyTemplateStoreError('reading the reply templates failed', { cause: error });
    }
    return items.map(replyTemplateFromItem);
  }

  async put(template: ReplyTemplate): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({ TableName: this.tableName, Item: replyTemplateToItem(template) }),
      );
    } catch (error) {
      throw new ReplyTemplateStoreError(
        `storing the reply template ${template.outcome}/${template.categoryId} failed`,
        { cause: error },
      );
    }
  }

  async remove(outcome: ReplyOutcome, categoryId: string): Promise<boolean> {
    try {
      const out = await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.replyTemplate(outcome, categoryId),
          ReturnValues: 'ALL_OLD',
        }),
      );
      return out.Attributes !== undefined;
    } catch (error) {
      throw new ReplyTemplateStoreError(`removing the reply template ${outcome}/${categoryId} failed`, {
        cause: error,
      });
    }
  }
}

/** The reply templates of a function granted the table. */
export function replyTemplateStore(env: Env): DynamoReplyTemplateStore {
  return new DynamoReplyTemplateStore(documentClient(env), tableName(env));
}
