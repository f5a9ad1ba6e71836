/**
 * The SmsGateway port, held to one contract by every implementation: the SNS adapter (against
 * aws-sdk-client-mock), the local runtime's outbox and the test platform's recorder. No gateway
 * drops a repeated message id by itself, so no fake promises more than the real one: sending each
 * id once is the job of IdempotentSmsGateway, which the SMS sender puts around every gateway and
 * which is held here to its own contract over each of them, on DynamoDB Local.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { SmsGateway, SmsMessage } from '../../domain/ports.js';
import { IdempotentSmsGateway, sentSmsRecords } from '../../functions/adapters/sms/idempotent-sms-gateway.js';
import { SnsSmsGateway } from '../../functions/adapters/sms/sns-sms-gateway.js';
import { LocalSmsOutbox } from '../../infra/local/sms-outbox.js';
import { createTestTable, type TestTable } from '../support/dynamodb-local.js';
import { RecordingSms, TestClock } from '../support/test-platform.js';

interface Harness {
  readonly gateway: SmsGateway;
  /** What went out: the 11-digit number and the text, in order. */
  sent(): { to: string; text: string }[];
  /** The next `count` sends fail as a provider that is down would. */
  failNext(count: number): void;
}

const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const implementations: readonly [string, () => Harness][] = [
  [
    'SnsSmsGateway',
    () => {
      let failures = 0;
      const published: { to: string; text: string }[] = [];
      sns.on(PublishCommand).callsFake((input: { PhoneNumber?: string; Message?: string }) => {
        if (failures > 0) {
          failures--;
          throw new Error('Throttling');
        }
        published.push({ to: String(input.PhoneNumber).replace(/^\+86/, ''), text: String(input.Message) });
        return { MessageId: `sns-${published.length}` };
      });
      return {
        gateway: new SnsSmsGateway(new SNSClient({ region: 'cn-north-1' }), 'ZJXF'),
        sent: () => [...published],
        failNext: (count) => {
          failures = count;
        },
      };
    },
  ],
  [
    'LocalSmsOutbox',
    () => {
      const outbox = new LocalSmsOutbox(new TestClock('2026-03-02T02:00:00.000Z'));
      let failures = 0;
      const gateway: SmsGateway = {
        send: async (message) => {
          // The outbox writes to disk: a full disk is how it fails; simulated at its door.
          if (failures > 0) {
            failures--;
            throw new Error('disk full');
          }
          await outbox.send(message);
        },
      };
      return {
        gateway,
        sent: () => outbox.sent().map((m) => ({ to: m.to, text: m.text })),
        failNext: (count) => {
          failures = count;
        },
      };
    },
  ],
  [
    'RecordingSms',
    () => {
      const recorder = new RecordingSms();
      return {
        gateway: recorder,
        sent: () => recorder.sent.map((m) => ({ to: m.to, text: m.text })),
        failNext: (count) => {
          recorder.failNext = count;
        },
      };
    },
  ],
];

const message = (messageId: string, text = '【信访】您的信访事项已登记。'): SmsMessage => ({
  messageId,
  to: '13812345678',
  text,
  caseId: 'XF20260302000001',
});

describe.each(implementations)('SmsGateway contract: %s', (_name, make) => {
  it('sends the text unchanged to the mainland number', async () => {
    // Prepare
    const { gateway, sent } = make();

    // Act
    await gateway.send(message('m-1', '【信访】您的信访事项（XF1）已答复：已责令物业恢复绿地。'));

    // Assess
    expect(sent()).toEqual([
      { to: '13812345678', text: '【信访】您的信访事项（XF1）已答复：已责令物业恢复绿地。' },
    ]);
  });

  it('sends a repeated message id again: no gateway drops repeats by itself', async () => {
    // Prepare
    const { gateway, sent } = make();

    // Act
    await gateway.send(message('m-1'));
    await gateway.send(message('m-1'));

    // Assess
    expect(sent()).toHaveLength(2);
  });

  it('throws when the provider fails, and sends nothing', async () => {
    // Prepare
    const { gateway, sent, failNext } = make();
    failNext(1);

    // Act
    const sending = gateway.send(message('m-1'));

    // Assess
    await expect(sending).rejects.toThrow();
    expect(sent()).toEqual([]);
  });
});

describe.each(implementations)('IdempotentSmsGateway contract over %s', (_name, make) => {
  let table: TestTable;
  let harness: Harness;
  let gateway: IdempotentSmsGateway;

  beforeEach(async () => {
    process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
    process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
    table = await createTestTable(inject('dynamoEndpoint'));
    harness = make();
    const keyDir = mkdtempSync(join(tmpdir(), 'sms-contract-'));
    const env = {
      TABLE_NAME: table.tableName,
      AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
      AWS_REGION: 'cn-north-1',
      PERSONAL_DATA_KEY_FILE: join(keyDir, 'unused'),
    };
    gateway = new IdempotentSmsGateway(harness.gateway, sentSmsRecords(env));
  });
  afterEach(async () => table.dispose());

  it('sends a message id once, however often it is delivered', async () => {
    // Act
    await gateway.send(message('receipt:XF1'));
    await gateway.send(message('receipt:XF1'));
    await gateway.send(message('receipt:XF1'));

    // Assess
    expect(harness.sent()).toHaveLength(1);
  });

  it('sends each of two message ids', async () => {
    // Act
    await gateway.send(message('XF1:2'));
    await gateway.send(message('XF1:3'));

    // Assess
    expect(harness.sent()).toHaveLength(2);
  });

  it('leaves no record of a failed send, so the redelivery sends it, once', async () => {
    // Prepare
    harness.failNext(1);

    // Act
    const first = gateway.send(message('XF1:4'));
    await expect(first).rejects.toThrow();
    await gateway.send(message('XF1:4'));
    await gateway.send(message('XF1:4'));

    // Assess
    expect(harness.sent()).toHaveLength(1);
  });
});
