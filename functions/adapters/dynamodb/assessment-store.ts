/**
 * The assessment counters on the case table (docs/data-model.md,
 * docs/decisions/0006-assessment-counters.md).
 *
 * Items:
 * - counters: pk `KPI#<unitId>`                    sk `<YYYY-MM>`  one number attribute per counter
 * - marker:   pk `KPIEVT#<caseId>#<caseVersion>`   sk `KPIEVT`     the event was applied
 *
 * An event is applied in one transaction: the marker, put only if absent, and an ADD on every
 * counter item it touches. A redelivered event fails the marker's condition, the whole
 * transaction is cancelled, and nothing is counted twice. Markers expire (`expiresAt`, the table's
 * TTL attribute) after 400 days, longer than any redelivery or replay. Reads are BatchGets of known
 * keys (units × months), never a scan.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type { KpiIncrement } from '../../../domain/assessment/kpis.js';
import type { AssessmentStore, UnitMonthCounters } from '../../../domain/assessment/store.js';
import type { Clock } from '../../../domain/ports.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import { entities, keys, kpiCountersFromItem, kpiEventMarkerToItem } from './table.js';

/** BatchGetItem takes at most 100 keys per call. */
const batchGetLimit = 100;
const maxBatchAttempts = 8;
/** Tries of a transaction cancelled only because another one held a counter item. */
const maxConflictAttempts = 5;

function onlyConflicts(error: TransactionCanceledException): boolean {
  const codes = (error.CancellationReasons ?? []).map((r) => r.Code).filter((c) => c && c !== 'None');
  return codes.length > 0 && codes.every((c) => c === 'TransactionConflict');
}

/** The counters could not be read or written; the SDK error is the cause. */
class AssessmentStoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AssessmentStoreError';
  }
}

export class DynamoAssessmentStore implements AssessmentStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly now: () => string,
  ) {}

  async apply(event: { caseId: string; caseVersion: number }, increments: readonly KpiIncrement[]) {
    if (increments.length === 0) return true;
    const marker = kpiEventMarkerToItem(event.caseId, event.caseVersion, this.now());
    const input = {
      TransactItems: [
        {
          Put: {
            TableName: this.tableName,
            Item: marker,
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
        ...increments.map((inc) => ({ Update: this.counterUpdate(inc) })),
      ],
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.send(new TransactWriteCommand(input));
        return true;
      } catch (error) {
        if (error instanceof TransactionCanceledException) {
          if (await this.markerCancelled(error, keys.kpiEventMarker(event.caseId, event.caseVersion)))
            return false;
          // Events of one unit and month in the same batch touch the same counter item.
          if (onlyConflicts(error) && attempt < maxConflictAttempts) {
            await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
            continue;
          }
        }
        throw new AssessmentStoreError(`applying ${event.caseId} v${event.caseVersion} failed`, {
          cause: error,
        });
      }
    }
  }

  async read(unitIds: readonly string[], months: readonly string[]): Promise<UnitMonthCounters[]> {
    const wanted = [...new Set(unitIds)].flatMap((u) => months.map((m) => keys.kpiCounters(u, m)));
    const found: UnitMonthCounters[] = [];
    for (let i = 0; i < wanted.length; i += batchGetLimit) {
      found.push(...(await this.batchGet(wanted.slice(i, i + batchGetLimit))));
    }
    return found;
  }

  private counterUpdate(inc: KpiIncrement) {
    const entries = Object.entries(inc.counters).filter(([, n]) => n !== undefined && n !== 0);
    return {
      TableName: this.tableName,
      Key: keys.kpiCounters(inc.unitId, inc.month),
      UpdateExpression: `SET #entity = :entity, #schemaVersion = :schemaVersion, #unitId = :unitId ADD ${entries
        .map((_, i) => `#c${i} :c${i}`)
        .join(', ')}`,
      ExpressionAttributeNames: {
        '#entity': 'entity',
        '#schemaVersion': 'schemaVersion',
        '#unitId': 'unitId',
        ...Object.fromEntries(entries.map(([name], i) => [`#c${i}`, name])),
      },
      ExpressionAttributeValues: {
        ':entity': entities.kpiCounters,
        ':schemaVersion': 1,
        ':unitId': inc.unitId,
        ...Object.fromEntries(entries.map(([, n], i) => [`:c${i}`, n])),
      },
    };
  }

  /** True when the transaction was cancelled because the event's marker already exists. */
  private async markerCancelled(
    error: TransactionCanceledException,
    marker: { pk: string; sk: string },
  ): Promise<boolean> {
    const reasons = error.CancellationReasons;
    if (reasons && reasons.length > 0) return reasons[0]?.Code === 'ConditionalCheckFailed';
    const out = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: marker, ConsistentRead: true }),
    );
    return out.Item !== undefined;
  }

  private async batchGet(keys: readonly { pk: string; sk: string }[]): Promise<UnitMonthCounters[]> {
    const found: UnitMonthCounters[] = [];
    let pending: Record<string, unknown>[] = [...keys];
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxBatchAttempts)
        throw new AssessmentStoreError(`${pending.length} counter items stayed unprocessed`);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 25 * 2 ** attempt));
      try {
        const out = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }),
        );
        found.push(...(out.Responses?.[this.tableName] ?? []).map(kpiCountersFromItem));
        pending = out.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
      } catch (error) {
        throw new AssessmentStoreError('reading the assessment counters failed', { cause: error });
      }
    }
    return found;
  }
}

/** The assessment counters of a function granted the table. */
export function assessmentStore(env: Env, clock: Clock): DynamoAssessmentStore {
  return new DynamoAssessmentStore(documentClient(env), tableName(env), () => clock.now());
}
