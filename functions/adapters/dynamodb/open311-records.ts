/**
 * What partners filed through Open311 (item layout in table.ts): one item per partner and tracking
 * number in the partner's own partition, so a partner reads only its own requests, and a listing
 * by date is one key query (tracking numbers start with their Shanghai day).
 */
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Open311Record, Open311Records } from '../../../application/ports.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import { keys, open311RecordFromItem, open311RecordToItem } from './table.js';

export class DynamoOpen311Records implements Open311Records {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async put(record: Open311Record): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: open311RecordToItem(record) }));
  }

  async get(partnerId: string, trackingNumber: string): Promise<Open311Record | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.open311Request(partnerId, trackingNumber) }),
    );
    return result.Item ? open311RecordFromItem(result.Item) : undefined;
  }

  async list(
    partnerId: string,
    fromDay: string,
    toDay: string,
    limit: number,
  ): Promise<readonly Open311Record[]> {
    const records: Open311Record[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': keys.open311Partition(partnerId),
            ':from': `REQ#XF${fromDay}`,
            ':to': `REQ#XF${toDay}~`,
          },
          ScanIndexForward: false,
          Limit: limit - records.length,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      records.push(...(page.Items ?? []).map(open311RecordFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey && records.length < limit);
    return records;
  }
}

/** The Open311 records of a function granted the table. */
export function open311Records(env: Env): DynamoOpen311Records {
  return new DynamoOpen311Records(documentClient(env), tableName(env));
}
