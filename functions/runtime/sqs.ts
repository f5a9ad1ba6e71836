/**
 * An SQS consumer that reports partial batch failures (Powertools Batch): each record is parsed
 * with its contract and processed on its own, records of a batch concurrently; a record that fails
 * (bad message or error) is returned in `batchItemFailures`, so only it is redelivered and, after
 * maxReceiveCount, lands in the queue's DLQ. Processing must be idempotent: delivery is at least once.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import { withLambdaContext } from './lambda-context.js';
import type { LambdaAwareLogger } from './logger.js';

export function queueFunction<S extends z.ZodMiniType>(
  name: string,
  schema: S,
  process: (message: z.output<S>, record: SQSRecord) => Promise<unknown>,
  logger: LambdaAwareLogger,
): middy.MiddyfiedHandler<SQSEvent, SQSBatchResponse> {
  const processor = new BatchProcessor(EventType.SQS);
  const record = async (record: SQSRecord) => {
    try {
      const parsed = schema.safeParse(JSON.parse(record.body));
      if (!parsed.success)
        throw new Error(`message does not match the ${name} contract: ${parsed.error.message}`);
      await process(parsed.data, record);
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
