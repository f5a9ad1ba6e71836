/**
 * A capacity meter on the DynamoDB clients of client.ts, for measuring what the platform's
 * functions cost (the benchmark, issue 13). While an observer is registered, every data-plane call
 * asks for `ReturnConsumedCapacity: 'INDEXES'` (unless the caller asked for something) and the
 * observer hears of it once answered or failed; with no observer the middleware passes the call
 * through untouched, so on Lambda it costs one set lookup per call.
 */
import type { ConsumedCapacity, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tableKeys } from './table.js';

/** One DynamoDB call as the meter saw it. */
export interface DynamoDbCall {
  /** The API operation: `PutItem`, `TransactWriteItems`, `Query`… */
  readonly operation: string;
  /** Capacity units the engine reported (0 for a failed call: DynamoDB reports none then). */
  readonly readUnits: number;
  readonly writeUnits: number;
  /** What the engine reported, per table and index. */
  readonly consumed: readonly ConsumedCapacity[];
  /**
   * Partition keys of the items the call names (`CASE#…`), base table only; a query on an index
   * is named `<index>:<partition key value>`.
   */
  readonly partitionKeys: readonly string[];
  /** The call failed (a conditional check, a cancelled transaction, a throttle…). */
  readonly failed: boolean;
}

type DynamoDbObserver = (call: DynamoDbCall) => void;

const observers = new Set<DynamoDbObserver>();

/** Registers `observer` for every call of the metered clients; returns the function that removes it. */
export function observeDynamoDb(observer: DynamoDbObserver): () => void {
  observers.add(observer);
  return () => {
    observers.delete(observer);
  };
}

const writeOperations = new Set([
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'BatchWriteItem',
  'TransactWriteItems',
  'ExecuteTransaction',
]);
const dataOperations = new Set([
  ...writeOperations,
  'GetItem',
  'BatchGetItem',
  'TransactGetItems',
  'Query',
  'Scan',
  'ExecuteStatement',
  'BatchExecuteStatement',
]);

type Input = Record<string, unknown>;

/** A key attribute in document form (`'CASE#1'`) or low-level form (`{ S: 'CASE#1' }`). */
function keyValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as { S?: unknown }).S === 'string')
    return (value as { S: string }).S;
  return undefined;
}

function partitionKeyOf(item: unknown): string[] {
  if (typeof item !== 'object' || item === null) return [];
  const value = keyValue((item as Input)[tableKeys.partitionKey]);
  return value === undefined ? [] : [value];
}

/** The partition key value a query's key condition names, e.g. `#pk = :pk`. */
function queriedPartition(input: Input): string[] {
  const condition = /([#\w]+)\s*=\s*(:\w+)/.exec(String(input['KeyConditionExpression'] ?? ''));
  if (!condition) return [];
  const names = (input['ExpressionAttributeNames'] ?? {}) as Record<string, string>;
  const values = (input['ExpressionAttributeValues'] ?? {}) as Record<string, unknown>;
  const attribute = names[condition[1]!] ?? condition[1]!;
  const value = keyValue(values[condition[2]!]);
  if (value === undefined) return [];
  const index = input['IndexName'];
  return [
    typeof index === 'string' ? `${index}:${value}` : attribute === tableKeys.partitionKey ? value : '',
  ];
}

function partitionKeys(operation: string, input: Input): string[] {
  const single = (entry: unknown) => {
    const request = (entry ?? {}) as Input;
    return partitionKeyOf(request['Key'] ?? request['Item']);
  };
  switch (operation) {
    case 'GetItem':
    case 'PutItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return single(input);
    case 'Query':
      return queriedPartition(input);
    case 'TransactWriteItems':
    case 'TransactGetItems':
      return ((input['TransactItems'] ?? []) as Input[]).flatMap((entry) =>
        Object.values(entry).flatMap(single),
      );
    case 'BatchWriteItem':
    case 'BatchGetItem':
      return Object.values((input['RequestItems'] ?? {}) as Record<string, unknown>).flatMap((requests) =>
        Array.isArray(requests)
          ? requests.flatMap((r: Input) => Object.values(r).flatMap(single))
          : (((requests as Input)['Keys'] ?? []) as unknown[]).flatMap(partitionKeyOf),
      );
    default:
      return [];
  }
}

function units(operation: string, consumed: readonly ConsumedCapacity[]): { read: number; write: number } {
  let read = 0;
  let write = 0;
  for (const c of consumed) {
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      read += c.ReadCapacityUnits ?? 0;
      write += c.WriteCapacityUnits ?? 0;
    } else if (writeOperations.has(operation)) write += c.CapacityUnits ?? 0;
    else read += c.CapacityUnits ?? 0;
  }
  return { read, write };
}

function report(call: DynamoDbCall): void {
  for (const observer of observers) {
    try {
      observer(call);
    } catch {
      // An observer's fault must never fail the call it watched.
    }
  }
}

/** Puts the meter on `client` (and so on every document client built on it). */
export function meterCapacity(client: DynamoDBClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = (context.commandName ?? '').replace(/Command$/, '');
      if (observers.size === 0 || !dataOperations.has(operation)) return next(args);
      const input = args.input as Input;
      const keys = partitionKeys(operation, input);
      const metered = { ...input, ReturnConsumedCapacity: input['ReturnConsumedCapacity'] ?? 'INDEXES' };
      try {
        const result = await next({ ...args, input: metered as typeof args.input });
        const raw = (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] })
          .ConsumedCapacity;
        const consumed = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
        const { read, write } = units(operation, consumed);
        report({
          operation,
          readUnits: read,
          writeUnits: write,
          consumed,
          partitionKeys: keys,
          failed: false,
        });
        return result;
      } catch (error) {
        report({ operation, readUnits: 0, writeUnits: 0, consumed: [], partitionKeys: keys, failed: true });
        throw error;
      }
    },
    { step: 'initialize', name: 'capacityMeter', override: true },
  );
}
