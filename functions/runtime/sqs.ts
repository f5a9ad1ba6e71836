import middy from '@middy/core';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type * as z from 'zod/mini';
import type { Logger } from './logger.js';

/**
 * An SQS consumer that reports partial batch failures: each record is parsed with its contract
 * and processed on its own; a record that fails (bad message or error) is returned in
 * `batchItemFailures`, so only it is redelivered and, after maxReceiveCount, lands in the DLQ.
 * Processing must be idempotent: delivery is at least once.
 */
export function sqsConsumer<S extends z.ZodMiniType>(
  name: string,
  schema: S,
  process: (message: z.output<S>, record: SQSRecord) => Promise<void>,
  logger: Logger,
) {
  const consume = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    // Records of a batch are independent, so they run concurrently (at most the batch size); a
    // record that loses a race on the same case fails alone and is redelivered.
    const outcomes = await Promise.all(
      event.Records.map(async (record): Promise<SQSBatchItemFailure | undefined> => {
        try {
          const parsed = schema.safeParse(JSON.parse(record.body));
          if (!parsed.success)
            throw new Error(`message does not match the ${name} contract: ${parsed.error.message}`);
          await process(parsed.data, record);
          return undefined;
        } catch (error) {
          logger.error(`${name}: record failed`, {
            messageId: record.messageId,
            receiveCount: record.attributes?.ApproximateReceiveCount,
            error,
          });
          return { itemIdentifier: record.messageId };
        }
      }),
    );
    return { batchItemFailures: outcomes.filter((f): f is SQSBatchItemFailure => f !== undefined) };
  };
  return middy<SQSEvent, SQSBatchResponse>(consume);
}
