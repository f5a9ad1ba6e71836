import middy from '@middy/core';
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import type { Logger } from './logger.js';

/**
 * An SQS consumer that reports partial batch failures: each record is parsed with its contract
 * and processed on its own; a record that fails (bad message or error) is returned in
 * `batchItemFailures`, so only it is redelivered and, after maxReceiveCount, lands in the DLQ.
 * Processing must be idempotent: delivery is at least once.
 */
export function sqsConsumer<S extends z.ZodType>(
  name: string,
  schema: S,
  process: (message: z.infer<S>, record: SQSRecord) => Promise<void>,
  logger: Logger,
) {
  const consume = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    for (const record of event.Records) {
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
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  };
  return middy<SQSEvent, SQSBatchResponse>(consume);
}
