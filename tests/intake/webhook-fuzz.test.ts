import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, APIGatewayProxyStructuredResultV2 as Result } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmsWebhook } from '../../functions/intake/sms-webhook.js';
import { createWebWebhook } from '../../functions/intake/web-webhook.js';
import {
  signedRequest,
  smsSecret,
  type TestPlatform,
  testPlatform,
  webSecret,
} from '../support/test-platform.js';

const context = {} as Context;
let platform: TestPlatform;

beforeAll(async () => {
  platform = await testPlatform();
});
afterAll(async () => platform.dispose());

async function itemCount(): Promise<number> {
  const result = await platform.table.client.send(
    new ScanCommand({ TableName: platform.table.tableName, Select: 'COUNT' }),
  );
  return result.Count ?? 0;
}

/** Bodies that look almost right: valid shapes with one field broken, plus arbitrary JSON and text. */
const webBody = fc.oneof(
  fc.record(
    {
      submissionId: fc.oneof(fc.string(), fc.integer(), fc.constant('')),
      petitioner: fc.oneof(
        fc.record(
          {
            name: fc.string(),
            phone: fc.oneof(fc.string(), fc.constant('13812345678')),
            idNumber: fc.string(),
          },
          { requiredKeys: [] },
        ),
        fc.anything(),
      ),
      regionCode: fc.oneof(fc.constantFrom('330106', '999999', '3301', ''), fc.string()),
      title: fc.oneof(fc.string(), fc.constant('')),
      content: fc.oneof(fc.string({ maxLength: 200 }), fc.integer()),
      attachments: fc.anything(),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

const smsBody = fc.oneof(
  fc.record(
    {
      messageId: fc.oneof(fc.string(), fc.integer()),
      from: fc.oneof(fc.string(), fc.constant('abc')),
      text: fc.oneof(fc.string(), fc.constant('')),
      receivedAt: fc.oneof(fc.string(), fc.constant('not a date')),
    },
    { requiredKeys: [] },
  ),
  fc.anything(),
);

function isRejectedByContract(status: number): boolean {
  return status >= 400 && status < 500;
}

describe('the webhooks under fuzzing', () => {
  it('never answer 5xx and store nothing for a rejected web body', async () => {
    // Prepare
    const webhook = createWebWebhook(platform.deps);
    await fc.assert(
      fc.asyncProperty(webBody, fc.boolean(), async (value, signed) => {
        const text = JSON.stringify(value) ?? 'undefined';
        const before = await itemCount();
        const queued = platform.queue.sent.length;
        // Act
        const response = (await webhook(
          signedRequest('/webhooks/web', text, webSecret, signed ? {} : { signature: '0'.repeat(64) }),
          context,
        )) as Result;
        // Assess
        const status = response.statusCode ?? 0;
        expect(status).toBeLessThan(500);
        if (isRejectedByContract(status)) {
          expect(await itemCount()).toBe(before);
          expect(platform.queue.sent.length).toBe(queued);
        }
      }),
      { numRuns: 150, seed: 20261128 },
    );
  });

  it('never answer 5xx and store nothing for a rejected SMS body', async () => {
    // Prepare
    const webhook = createSmsWebhook(platform.deps);
    await fc.assert(
      fc.asyncProperty(smsBody, async (value) => {
        const text = JSON.stringify(value) ?? 'undefined';
        const before = await itemCount();
        // Act
        const response = (await webhook(signedRequest('/webhooks/sms', text, smsSecret), context)) as Result;
        // Assess
        const status = response.statusCode ?? 0;
        expect(status).toBeLessThan(500);
        if (isRejectedByContract(status)) expect(await itemCount()).toBe(before);
      }),
      { numRuns: 150, seed: 20261128 },
    );
  });
});
