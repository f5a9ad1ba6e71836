/**
 * The local runtime's stand-in for Lambda's DynamoDB stream event source mapping: it reads the
 * table's stream (DynamoDB Local serves one) shard by shard, a parent before its children, and
 * hands each batch of records to the reader in order. A batch whose invocation fails is read and
 * handed again from the same place after a pause, as Lambda retries a stream batch; nothing
 * behind it in that shard moves meanwhile. Where each shard was read to is kept, in the data folder
 * for a persistent run, so a restart goes on from there instead of the start of the stream.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export interface StreamPollerOptions {
  readonly dynamo: DynamoDBClient;
  readonly endpoint: string;
  readonly region: string;
  readonly tableName: string;
  readonly batchSize: number;
  /** Invokes the reader with one batch; a rejection hands the batch again later. */
  readonly handle: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** Where the read positions are kept across restarts (a persistent run); none in memory. */
  readonly positionsFile?: string;
  readonly log: (line: string) => void;
  /** Pause between passes that found nothing, and after a failed batch. Defaults 100 ms and 1 s. */
  readonly idleMs?: number;
  readonly retryMs?: number;
  /**
   * How long the stream and its shards, as last described, serve the background passes (default
   * 1 s): describing them each pass cost the engine two calls per pass, busy or idle. A drain's
   * pass, a shard read to its end and a failure describe them afresh.
   */
  readonly describeEveryMs?: number;
}

interface ShardState {
  /** The sequence number of the last record handed over. */
  lastSequence?: string;
  iterator?: string;
  /** A closed shard read to its end. */
  done?: boolean;
}

interface Positions {
  readonly streamArn: string;
  readonly shards: Record<string, { lastSequence?: string; done?: boolean }>;
}

export class StreamPoller {
  readonly #streams: DynamoDBStreamsClient;
  #streamArn: string | undefined;
  #shards = new Map<string, ShardState>();
  #loaded = false;
  #chain: Promise<unknown> = Promise.resolve();
  #loop: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  #described:
    | { readonly at: number; readonly streamArn: string | undefined; readonly shards: Shard[] }
    | undefined;
  #retryAfter = 0;
  /** Records handed over and batches that failed, since start. */
  readonly stats = { records: 0, batches: 0, failed: 0 };

  constructor(private readonly options: StreamPollerOptions) {
    this.#streams = new DynamoDBStreamsClient({ region: options.region, endpoint: options.endpoint });
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  /** Stops after the pass in hand (its batch finishes first). */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    await this.#chain.catch(() => {});
    this.#streams.destroy();
  }

  /**
   * Reads every shard now, after any pass in hand, and tells whether the stream is read to its end
   * with nothing handed over in this pass (nothing new was written, nothing failed).
   */
  async settled(): Promise<boolean> {
    const handed = await this.#pass({ fresh: true });
    return handed === 0 && Date.now() >= this.#retryAfter;
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let handed = 0;
      try {
        handed = await this.#pass();
      } catch (error) {
        this.options.log(`stream: ${(error as Error).message}`);
      }
      if (handed === 0 && !this.#stopping)
        await new Promise<void>((resolve) => {
          this.#wake = resolve;
          setTimeout(resolve, this.options.idleMs ?? 100);
        });
    }
  }

  /** One pass over the shards, serialised with any other. Resolves with the records handed over. */
  #pass({ fresh = false }: { fresh?: boolean } = {}): Promise<number> {
    const pass = this.#chain.then(() => this.#readShards(fresh));
    this.#chain = pass.catch(() => 0);
    return pass;
  }

  async #readShards(fresh: boolean): Promise<number> {
    if (this.#stopping) return 0;
    if (Date.now() < this.#retryAfter) return 0;
    const { streamArn, shards } = await this.#describe(fresh);
    if (!streamArn) return 0;
    const known = new Set(shards.map((s) => s.ShardId));
    let handed = 0;
    try {
      for (const shard of shards) {
        const id = shard.ShardId!;
        const state = this.#state(id);
        if (state.done) continue;
        // A child shard waits until its parent is read to its end (order per item holds).
        const parent = shard.ParentShardId;
        if (parent && known.has(parent) && !this.#state(parent).done) continue;
        const read = await this.#readShard(streamArn, id, state);
        // A shard read to its end has, or will have, a child: describe the shards again.
        if (state.done) this.#described = undefined;
        if (read < 0) return handed;
        handed += read;
      }
    } catch (error) {
      this.#described = undefined;
      throw error;
    }
    return handed;
  }

  /** The stream and its shards: as last described while that is recent, else described now. */
  async #describe(fresh: boolean): Promise<{ streamArn: string | undefined; shards: Shard[] }> {
    const recent = this.#described;
    if (!fresh && recent && Date.now() - recent.at < (this.options.describeEveryMs ?? 1_000)) return recent;
    const streamArn = await this.#currentStream();
    const shards = streamArn ? await this.#describeShards(streamArn) : [];
    this.#described = { at: Date.now(), streamArn, shards };
    return this.#described;
  }

  /** Reads one shard until it has nothing more; -1 when a batch failed (the pass stops there). */
  async #readShard(streamArn: string, shardId: string, state: ShardState): Promise<number> {
    let handed = 0;
    for (;;) {
      if (!state.iterator) {
        const { ShardIterator } = await this.#streams.send(
          new GetShardIteratorCommand({
            StreamArn: streamArn,
            ShardId: shardId,
            ...(state.lastSequence
              ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: state.lastSequence }
              : { ShardIteratorType: 'TRIM_HORIZON' }),
          }),
        );
        if (!ShardIterator) {
          state.done = true;
          await this.#savePositions();
          return handed;
        }
        state.iterator = ShardIterator;
      }
      let records: StreamRecord[];
      let next: string | undefined;
      try {
        const out = await this.#streams.send(
          new GetRecordsCommand({ ShardIterator: state.iterator, Limit: this.options.batchSize }),
        );
        records = out.Records ?? [];
        next = out.NextShardIterator;
      } catch (error) {
        // An expired or trimmed iterator, or an engine that restarted: read again from the position.
        delete state.iterator;
        throw error;
      }
      if (records.length > 0) {
        try {
          await this.options.handle({ Records: records.map((r) => lambdaRecord(r, streamArn)) });
        } catch (error) {
          this.stats.failed++;
          this.options.log(
            `stream: batch of ${records.length} failed, handed again later: ${describe(error)}`,
          );
          delete state.iterator;
          this.#retryAfter = Date.now() + (this.options.retryMs ?? 1_000);
          return -1;
        }
        this.stats.records += records.length;
        this.stats.batches++;
        handed += records.length;
        state.lastSequence = records.at(-1)?.dynamodb?.SequenceNumber ?? state.lastSequence;
        await this.#savePositions();
      }
      if (!next) {
        state.done = true;
        delete state.iterator;
        await this.#savePositions();
        return handed;
      }
      state.iterator = next;
      if (records.length === 0) return handed;
    }
  }

  #state(shardId: string): ShardState {
    let state = this.#shards.get(shardId);
    if (!state) {
      state = {};
      this.#shards.set(shardId, state);
    }
    return state;
  }

  /** The table's stream; a new one (the table was made again) starts every shard afresh. */
  async #currentStream(): Promise<string | undefined> {
    const { Table } = await this.options.dynamo.send(
      new DescribeTableCommand({ TableName: this.options.tableName }),
    );
    const arn = Table?.LatestStreamArn;
    if (!this.#loaded) {
      this.#loaded = true;
      await this.#loadPositions(arn);
    }
    if (arn !== this.#streamArn) {
      if (this.#streamArn !== undefined) this.#shards.clear();
      this.#streamArn = arn;
    }
    return arn;
  }

  async #describeShards(streamArn: string): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.#streams.send(
        new DescribeStreamCommand({
          StreamArn: streamArn,
          ...(start ? { ExclusiveStartShardId: start } : {}),
        }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  async #loadPositions(streamArn: string | undefined): Promise<void> {
    const file = this.options.positionsFile;
    if (!file || !streamArn) return;
    try {
      const positions = JSON.parse(await readFile(file, 'utf8')) as Positions;
      if (positions.streamArn !== streamArn) return;
      this.#streamArn = streamArn;
      for (const [id, shard] of Object.entries(positions.shards))
        this.#shards.set(id, {
          ...(shard.lastSequence ? { lastSequence: shard.lastSequence } : {}),
          ...(shard.done ? { done: true } : {}),
        });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.options.log(`stream: positions not read, reading from the start: ${describe(error)}`);
    }
  }

  async #savePositions(): Promise<void> {
    const file = this.options.positionsFile;
    if (!file || !this.#streamArn) return;
    const positions: Positions = {
      streamArn: this.#streamArn,
      shards: Object.fromEntries(
        [...this.#shards].map(([id, s]) => [
          id,
          { ...(s.lastSequence ? { lastSequence: s.lastSequence } : {}), ...(s.done ? { done: true } : {}) },
        ]),
      ),
    };
    await writeFile(`${file}.tmp`, JSON.stringify(positions));
    await rename(`${file}.tmp`, file);
  }
}

/**
 * An attribute value as the wire has it. The streams client reads an empty map (`{"M":{}}`) as a
 * value with no member at all (`{}`), which no reader can unmarshal; Lambda passes the wire JSON
 * through, so the record is put back as Lambda would give it. (Empty lists survive as `{"L":[]}`.)
 */
function asOnTheWire(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(asOnTheWire);
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return { M: {} };
  return Object.fromEntries(
    entries.map(([key, v]) => [key, key === 'M' || key === 'L' ? mapValues(v, asOnTheWire) : v]),
  );
}

function mapValues(value: unknown, f: (v: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map(f);
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, f(v)]));
}

/** An image (attribute name → value) as the wire has it. */
function imageOnTheWire(image: Record<string, unknown> | undefined) {
  return image && mapValues(image, asOnTheWire);
}

/** A stream record as Lambda delivers it. */
function lambdaRecord(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const created = record.dynamodb?.ApproximateCreationDateTime;
  const keys = imageOnTheWire(record.dynamodb?.Keys as Record<string, unknown> | undefined);
  const image = imageOnTheWire(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    ...(record.awsRegion ? { awsRegion: record.awsRegion } : {}),
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb as DynamoDBRecord['dynamodb']),
      ...(keys ? { Keys: keys } : {}),
      ...(image ? { NewImage: image } : {}),
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
    },
  } as DynamoDBRecord;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
