/**
 * What a deadline sweep reads: 100,000 open cases of which 500 are due (issue #7). The sharded sparse due
 * index should read about as many items as are due; a full-table Scan reads every item.
 */
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { registerCase } from '../../../domain/case/transitions.js';
import type { ReadReport } from '../../../functions/adapters/dynamodb/case-repository.js';
import { caseIndexes, caseToItem, defaultDueShards } from '../../../functions/adapters/dynamodb/table.js';
import { addDays, addHours, ctx, registerCommand, system, T0 } from '../../support/case-fixtures.js';
import { type BenchEnv, type BenchRow, perSecond, pool, timed } from '../bench.js';

const dueCases = 500;
const batchSize = 25;
/** BatchWriteItem requests in flight while loading: more only queue up in the engine on 2 cores. */
const loadConcurrency = 8;
const scanSegments = 8;

export async function run(env: BenchEnv): Promise<BenchRow[]> {
  const openCases = env.quick ? 10_000 : 100_000;
  const reads: ReadReport[] = [];
  // Index reads only: no stream (100,000 stream records would slow every later section).
  const table = await env.createTable({ onRead: (report) => reads.push(report) }, { stream: false });
  try {
    // The first 100 were received long ago (checkpoint passed); the rest have a checkpoint ahead.
    const now = T0;
    const items = Array.from({ length: openCases }, (_, i) => {
      const receivedAt = i < dueCases ? addDays(T0, -30) : addHours(T0, i % 500);
      const outcome = registerCase(
        registerCommand({ caseId: `sweep-${i}`, trackingNumber: `SW${i}`, receivedAt }),
        ctx(addHours(receivedAt, 1), system),
      );
      return caseToItem(outcome.case, { dueShards: defaultDueShards });
    });
    env.log(`due-index: loading ${openCases} open cases (${dueCases} due) with BatchWriteItem`);
    const batches = Math.ceil(items.length / batchSize);
    let retried = 0;
    const loadMs = await timed(() =>
      pool(batches, loadConcurrency, async (b) => {
        let request: BatchWriteCommandInput['RequestItems'] = {
          [table.tableName]: items
            .slice(b * batchSize, (b + 1) * batchSize)
            .map((Item) => ({ PutRequest: { Item } })),
        };
        for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
          if (attempt >= 10) throw new Error(`due-index: batch ${b} still unprocessed after 10 attempts`);
          if (attempt > 0) {
            retried++;
            await new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));
          }
          const out: BatchWriteCommandOutput = await table.client.send(
            new BatchWriteCommand({ RequestItems: request }),
          );
          request = out.UnprocessedItems;
        }
      }),
    );

    env.log('due-index: sweeping through the due index');
    let due = 0;
    const sweepMs = await timed(async () => {
      let cursor: string | undefined;
      for (let page = 0; page < 100; page++) {
        const result = await table.repository.dueBefore(now, { limit: 50, ...(cursor ? { cursor } : {}) });
        due += result.items.length;
        cursor = result.cursor;
        if (!cursor) break;
      }
    });
    const indexReads = reads.filter((r) => r.index === 'due');
    const indexRead = indexReads.reduce((sum, r) => sum + r.scannedCount, 0);
    const indexUnits = indexReads.reduce((sum, r) => sum + (r.capacityUnits ?? 0), 0);

    env.log('due-index: scanning the whole table for comparison');
    let scanRead = 0;
    let scanMatched = 0;
    let scanUnits = 0;
    // A parallel Scan, as a sweep without the index would have to run; the segments change the
    // time only (DynamoDB Local pages a single-segment Scan slowly), not the items read.
    const scanMs = await timed(() =>
      pool(scanSegments, scanSegments, async (segment) => {
        let startKey: Record<string, unknown> | undefined;
        for (let page = 0; page < 10_000; page++) {
          const out = await table.client.send(
            new ScanCommand({
              TableName: table.tableName,
              FilterExpression: 'attribute_exists(#duePk) AND #dueSk <= :now',
              ExpressionAttributeNames: {
                '#duePk': caseIndexes.due.partitionKey,
                '#dueSk': caseIndexes.due.sortKey,
              },
              ExpressionAttributeValues: { ':now': now },
              // Only counts travel back; the engine still reads, and charges for, every item.
              Select: 'COUNT',
              Segment: segment,
              TotalSegments: scanSegments,
              ReturnConsumedCapacity: 'TOTAL',
              ...(startKey ? { ExclusiveStartKey: startKey } : {}),
            }),
          );
          scanRead += out.ScannedCount ?? 0;
          scanMatched += out.Count ?? 0;
          scanUnits += out.ConsumedCapacity?.CapacityUnits ?? 0;
          startKey = out.LastEvaluatedKey;
          if (!startKey) break;
        }
      }),
    );

    const round = (n: number) => Math.round(n * 100) / 100;
    return [
      {
        section: 'due-index',
        metric: 'load',
        value: perSecond(openCases, loadMs),
        unit: 'items/s',
        note: `BatchWriteItem of ${batchSize}, ${loadConcurrency} in flight; ${retried} retries of unprocessed items`,
      },
      {
        section: 'due-index',
        metric: 'load time',
        value: round(loadMs / 1000),
        unit: 's',
        note: `${openCases.toLocaleString('en-US')} items`,
      },
      { section: 'due-index', metric: 'open cases', value: openCases, unit: 'items' },
      {
        section: 'due-index',
        metric: 'due cases found',
        value: due,
        unit: 'items',
        note: `${dueCases} expected`,
      },
      {
        section: 'due-index',
        metric: 'index items read',
        value: indexRead,
        unit: 'items',
        note: `${indexReads.length} queries over ${defaultDueShards} shards`,
      },
      {
        section: 'due-index',
        metric: 'index read / due',
        value: round(indexRead / Math.max(due, 1)),
        unit: 'ratio',
        target: '≤ 1.1',
        note: 'sweep items read ÷ items due',
      },
      { section: 'due-index', metric: 'index capacity', value: round(indexUnits), unit: 'RCU' },
      { section: 'due-index', metric: 'index sweep time', value: Math.round(sweepMs), unit: 'ms' },
      {
        section: 'due-index',
        metric: 'scan items read',
        value: scanRead,
        unit: 'items',
        note: `${scanMatched} matched`,
      },
      {
        section: 'due-index',
        metric: 'scan read / due',
        value: round(scanRead / Math.max(due, 1)),
        unit: 'ratio',
      },
      { section: 'due-index', metric: 'scan capacity', value: round(scanUnits), unit: 'RCU' },
      {
        section: 'due-index',
        metric: 'scan time',
        value: Math.round(scanMs),
        unit: 'ms',
        note: `parallel Scan, ${scanSegments} segments`,
      },
    ];
  } finally {
    await table.dispose();
  }
}
