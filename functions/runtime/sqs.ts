/**
 * An SQS consumer that reports partial batch failures (Powertools Batch): each record is parsed
 * with its contract and processed on its own, records of a batch concurrently; a record that fails
 * (bad message or error) is returned in `batchItemFailures`, so only it is redelivered and, after
 * maxReceiveCount, lands in the queue's DLQ. Processing must be idempotent: delivery is at least once.
 *
 * Powertools' BatchProcessor starts every record of a batch at once. A consumer whose records
 * contend for one item (the grouper: cases of one region write the region's list at the version
 * read) names an `inTurnBy` key: records with the same key then run one after the other, each
 * seeing what the one before committed, while records with other keys still run concurrently.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import { withLambdaContext } from './lambda-context.js';
import type { LambdaAwareLogger } from './logger.js';

export interface QueueFunctionOptions<M> {
  /** Records whose messages give the same key are processed one after the other; undefined: at once. */
  readonly inTurnBy?: (message: M) => string | undefined;
}

/** Work queued per key: each piece starts when the one before it with the same key has settled. */
class Turns {
  readonly #tails = new Map<string, Promise<void>>();

  async inTurn<T>(key: string, work: () => Promise<T>): Promise<T> {
    const before = this.#tails.get(key) ?? Promise.resolve();
    const mine = before.then(work);
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    try {
      return await mine;
    } finally {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    }
  }
}

export function queueFunction<S extends z.ZodMiniType>(
  name: string,
  schema: S,
  process: (message: z.output<S>, record: SQSRecord) => Promise<unknown>,
  logger: LambdaAwareLogger,
  options: QueueFunctionOptions<z.output<S>> = {},
): middy.MiddyfiedHandler<SQSEvent, SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const turns = new Turns();
  const record = async (record: SQSRecord) => {
    try {
      const parsed = schema.safeParse(JSON.parse(record.body));
      if (!parsed.success)
        throw new Error(`message does not match the ${name} contract: ${parsed.error.message}`);
      const message = parsed.data;
      const key = options.inTurnBy?.(message);
      await (key === undefined
        ? process(message, record)
        : turns.inTurn(key, () => process(message, record)));
    } catch (error) {
      logger.error(`${name}: record failed`, {
        messageId: record.messageId,
        receiveCount: record.attributes?.ApproximateReceiveCount,
        error,
      });
      throw error;
    }
  };
  return withLambdaContext(
    middy<SQSEvent, SQSBatchResponse>((event: SQSEvent, context: Context) =>
      // A batch in which every record failed is reported like any other, not thrown.
      processPartialResponse(event, record, processor, { context, throwOnFullBatchFailure: false }),
    ),
    logger,
  );
}
