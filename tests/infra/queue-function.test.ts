/** The SQS consumer's batches (functions/runtime/sqs.ts): records with one key in turn, others at once. */
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { queueFunction } from '../../functions/runtime/sqs.js';

const context = {} as Context;
const logger = { info() {}, warn() {}, error() {} };
const schema = z.object({ key: z.string(), n: z.number() });

function batch(messages: readonly z.output<typeof schema>[]): SQSEvent {
  return {
    Records: messages.map((m) => ({ messageId: `m-${m.n}`, body: JSON.stringify(m) }) as SQSRecord),
  };
}

describe('queueFunction', () => {
  it('processes records of one key one after the other, and other keys at once', async () => {
    // Prepare
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const order: number[] = [];
    let atOnce = 0;
    let mostAtOnce = 0;
    const handler = queueFunction(
      'test',
      schema,
      async ({ key, n }) => {
        running.set(key, (running.get(key) ?? 0) + 1);
        most.set(key, Math.max(most.get(key) ?? 0, running.get(key)!));
        mostAtOnce = Math.max(mostAtOnce, ++atOnce);
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push(n);
        running.set(key, running.get(key)! - 1);
        atOnce--;
        if (n === 2) throw new Error('record 2 fails');
      },
      logger,
      { inTurnBy: ({ key }) => key },
    );

    // Act
    const result = await handler(
      batch([
        { key: 'a', n: 1 },
        { key: 'a', n: 2 },
        { key: 'b', n: 3 },
        { key: 'a', n: 4 },
        { key: 'b', n: 5 },
      ]),
      context,
    );

    // Assess
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: 'm-2' }]);
    expect(Object.fromEntries(most)).toEqual({ a: 1, b: 1 });
    expect(mostAtOnce).toBe(2);
    expect(order.filter((n) => [1, 2, 4].includes(n))).toEqual([1, 2, 4]);
  });
});
