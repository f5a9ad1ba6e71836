/**
 * What the table holds, read as an auditor reads it: every case and submission item, parsed by the
 * table module (never cast), and each case's history. The fault suite counts from this, not from
 * what the platform's own API says about itself.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, paginateQuery, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { StoredSubmission } from '../../application/ports.js';
import type { Case } from '../../domain/case/model.js';
import type { HistoryEntry } from '../../domain/case/transitions.js';
import {
  caseFromItem,
  entities,
  historyFromItem,
  keys,
  submissionFromItem,
} from '../../functions/adapters/dynamodb/table.js';
import { localClientConfig } from '../../infra/local/dynamodb-local.js';
import { localTableName } from '../../infra/local/platform.js';

export interface Census {
  /** Cases by tracking number. */
  readonly cases: ReadonlyMap<string, readonly Case[]>;
  /** Submissions by `<channel>#<submissionId>`. */
  readonly submissions: ReadonlyMap<string, StoredSubmission>;
}

export interface TableReader {
  census(): Promise<Census>;
  history(caseId: string): Promise<HistoryEntry[]>;
  close(): void;
}

export function openTable(endpoint: string): TableReader {
  const client = DynamoDBDocumentClient.from(new DynamoDBClient({ ...localClientConfig, endpoint }));
  return {
    async census() {
      const cases = new Map<string, Case[]>();
      const submissions = new Map<string, StoredSubmission>();
      const pages = paginateScan(
        { client },
        {
          TableName: localTableName,
          FilterExpression: 'entity IN (:case, :submission)',
          ExpressionAttributeValues: { ':case': entities.case, ':submission': entities.submission },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? []) {
          if (item['entity'] === entities.case) {
            const c = caseFromItem(item);
            cases.set(c.trackingNumber, [...(cases.get(c.trackingNumber) ?? []), c]);
          } else {
            const s = submissionFromItem(item);
            submissions.set(`${s.channel}#${s.submissionId}`, s);
          }
        }
      }
      return { cases, submissions };
    },
    async history(caseId) {
      const lines: HistoryEntry[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: localTableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hist)',
          ExpressionAttributeValues: { ':pk': keys.case(caseId).pk, ':hist': 'HIST#' },
          ConsistentRead: true,
        },
      );
      for await (const page of pages) for (const item of page.Items ?? []) lines.push(historyFromItem(item));
      return lines;
    },
    close: () => client.destroy(),
  };
}
