/**
 * The events on the history lines, read back to publish them again (application/ports.ts
 * `CommittedEvents`): a case's lines by one key query; the lines of a stretch of time by a scan of
 * the whole table, filtered on the line's instant, page by page (an operator's rare recovery, not
 * a path of any request).
 */
import { type DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { CommittedEvents } from '../../../application/ports.js';
import { InvalidCursorError } from '../../../domain/case/errors.js';
import type { CaseEvent } from '../../../domain/case/events.js';
import type { Page } from '../../../domain/case/repository.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import { entities, eventFromItem, keys, tableKeys } from './table.js';

type Item = Record<string, unknown>;

export class DynamoCommittedEvents implements CommittedEvents {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async ofCase(caseId: string, fromVersion: number): Promise<readonly CaseEvent[]> {
    const events: CaseEvent[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :first AND :last',
          ExpressionAttributeNames: { '#pk': tableKeys.partitionKey, '#sk': tableKeys.sortKey },
          ExpressionAttributeValues: {
            ':pk': keys.case(caseId).pk,
            ':first': keys.history(caseId, Math.max(0, fromVersion)).sk,
            ':last': keys.history(caseId, 9_999_999_999).sk,
          },
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      events.push(...(page.Items ?? []).map(eventFromItem));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }

  async between(
    from: string,
    to: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<Page<CaseEvent>> {
    const out = await this.client.send(
      new ScanCommand({
        TableName: this.tableName,
        FilterExpression: '#entity = :history AND #entry.#at BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#entity': 'entity', '#entry': 'entry', '#at': 'at' },
        ExpressionAttributeValues: { ':history': entities.history, ':from': from, ':to': to },
        Limit: page.limit,
        ...(page.cursor === undefined ? {} : { ExclusiveStartKey: decodeCursor(page.cursor) }),
      }),
    );
    // A case's lines are one item collection: in order within a page, cases one after the other.
    const items = (out.Items ?? [])
      .map(eventFromItem)
      .sort((a, b) => a.caseId.localeCompare(b.caseId) || a.caseVersion - b.caseVersion);
    return {
      items,
      ...(out.LastEvaluatedKey ? { cursor: encodeCursor(out.LastEvaluatedKey) } : {}),
    };
  }
}

function encodeCursor(key: Item): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The table key a scan cursor names; anything else is refused. */
function decodeCursor(cursor: string): Item {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new InvalidCursorError({ cause: error });
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    Object.keys(key).length === 2 &&
    typeof (key as Item)[tableKeys.partitionKey] === 'string' &&
    typeof (key as Item)[tableKeys.sortKey] === 'string';
  if (!valid) throw new InvalidCursorError();
  return key as Item;
}

export function committedEvents(env: Env): DynamoCommittedEvents {
  return new DynamoCommittedEvents(documentClient(env), tableName(env));
}
