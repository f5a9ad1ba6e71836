/**
 * The SmsGateway port, held to one contract by every implementation: the SNS adapter (against
 * aws-sdk-client-mock), the Alibaba Cloud adapter (against a stand-in of its HTTPS API that checks
 * the documented request signature and renders the template as the provider does), the local
 * runtime's outbox and the test platform's recorder. No gateway
 * drops a repeated message id by itself, so no fake promises more than the real one: sending each
 * id once is the job of IdempotentSmsGateway, which the SMS sender puts around every gateway and
 * which is held here to its own contract over each of them, on DynamoDB Local.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { renderSms } from '../../domain/notifications/sms-templates.js';
import type { SmsGateway, SmsMessage, SmsTemplateUse } from '../../domain/ports.js';
import {
  AliyunSmsError,
  AliyunSmsGateway,
  aliyunRpcSignature,
  SmsTemplateRequiredError,
} from '../../functions/adapters/sms/aliyun-sms-gateway.js';
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

/** The templates the stand-in provider has approved, by code. */
const approved: Readonly<Record<string, string>> = {
  SMS_100: '您的信访事项已登记，受理编号${trackingNumber}。',
  SMS_200: '您的信访事项（${trackingNumber}）已答复：${outcome}。',
};
const aliyunCredentials = { accessKeyId: 'LTAI-test', accessKeySecret: 'test-secret-0001' };

/**
 * Alibaba Cloud SMS as its documentation describes SendSms: a form POST signed with the AccessKey
 * (a wrong signature is refused with `SignatureDoesNotMatch`), answering `{"Code":"OK"}`; it sends
 * the approved template rendered with the parameters, under the signature.
 */
function aliyunStandIn() {
  const delivered: { to: string; text: string; outId: string }[] = [];
  let failures = 0;
  const fetch = (async (_url: string, init: { body: string }) => {
    const form = Object.fromEntries(new URLSearchParams(init.body));
    const { Signature, ...signed } = form;
    const answer = (body: object, status = 200) => new Response(JSON.stringify(body), { status });
    if (Signature !== aliyunRpcSignature('POST', signed, aliyunCredentials.accessKeySecret))
      return answer({ Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched' }, 400);
    if (failures > 0) {
      failures--;
      return answer({ Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发流控' });
    }
    const body = approved[form['TemplateCode'] ?? ''];
    if (!body) return answer({ Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '模板不合法' });
    const params = JSON.parse(form['TemplateParam'] ?? '{}') as Record<string, string>;
    delivered.push({
      to: form['PhoneNumbers']!,
      text: renderSms(form['SignName']!, body, params),
      outId: form['OutId']!,
    });
    return answer({ Code: 'OK', Message: 'OK', BizId: `biz-${delivered.length}` });
  }) as unknown as typeof globalThis.fetch;
  return {
    fetch,
    delivered,
    failNext: (count: number) => {
      failures = count;
    },
  };
}

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
    'AliyunSmsGateway',
    () => {
      const provider = aliyunStandIn();
      return {
        gateway: new AliyunSmsGateway({ credentials: async () => aliyunCredentials, fetch: provider.fetch }),
        sent: () => provider.delivered.map(({ to, text }) => ({ to, text })),
        failNext: provider.failNext,
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

/** A message as the SMS sender hands it over: a template with its parameters, and its rendering. */
const message = (
  messageId: string,
  use: Omit<SmsTemplateUse, 'signName'> = { code: 'SMS_100', params: { trackingNumber: 'XF1' } },
): SmsMessage => {
  const template = { signName: '浙江信访', ...use };
  return {
    messageId,
    to: '13812345678',
    text: renderSms(template.signName, approved[template.code]!, template.params),
    template,
    caseId: 'XF20260302000001',
  };
};

describe.each(implementations)('SmsGateway contract: %s', (_name, make) => {
  it('sends the text unchanged to the mainland number', async () => {
    // Prepare
    const { gateway, sent } = make();

    // Act
    await gateway.send(
      message('m-1', { code: 'SMS_200', params: { trackingNumber: 'XF1', outcome: '已责令物业恢复绿地' } }),
    );

    // Assess
    expect(sent()).toEqual([
      { to: '13812345678', text: '【浙江信访】您的信访事项（XF1）已答复：已责令物业恢复绿地。' },
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

describe('AliyunSmsGateway', () => {
  it('refuses a message without a template: a mainland provider sends no free text', async () => {
    // Prepare
    const provider = aliyunStandIn();
    const gateway = new AliyunSmsGateway({
      credentials: async () => aliyunCredentials,
      fetch: provider.fetch,
    });
    const { template: _template, ...freeText } = message('m-1');

    // Act
    const sending = gateway.send(freeText);

    // Assess
    await expect(sending).rejects.toThrow(SmsTemplateRequiredError);
    expect(provider.delivered).toEqual([]);
  });

  it("signs as the provider documents: its own example's signature", () => {
    // Prepare: the DescribeRegions example of Alibaba Cloud's RPC signature documentation
    const parameters = {
      TimeStamp: '2016-02-23T12:46:24Z',
      Format: 'XML',
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      Version: '2014-05-26',
      SignatureVersion: '1.0',
    };

    // Act
    const signature = aliyunRpcSignature('GET', parameters, 'testsecret');

    // Assess
    expect(signature).toBe('CT9X0VtwR86fNWSnsc6v8YGOjuE=');
  });

  it("names the message id as OutId, so the provider's delivery receipt names it too", async () => {
    // Prepare
    const provider = aliyunStandIn();
    const gateway = new AliyunSmsGateway({
      credentials: async () => aliyunCredentials,
      fetch: provider.fetch,
    });

    // Act
    await gateway.send(message('receipt:XF1'));

    // Assess
    expect(provider.delivered[0]?.outId).toBe('receipt:XF1');
  });

  it("throws the provider's code when it refuses the template", async () => {
    // Prepare
    const provider = aliyunStandIn();
    const gateway = new AliyunSmsGateway({
      credentials: async () => aliyunCredentials,
      fetch: provider.fetch,
    });

    // Act
    const unapproved = { ...message('m-1'), template: { signName: '浙江信访', code: 'SMS_999', params: {} } };
    const sending = gateway.send(unapproved);

    // Assess
    await expect(sending).rejects.toThrow(AliyunSmsError);
    await expect(sending).rejects.toThrow(/isv\.SMS_TEMPLATE_ILLEGAL/);
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

  it('bounds a send in progress by the invocation registered, without warning', async () => {
    // Prepare
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    gateway.registerLambdaContext({ getRemainingTimeInMillis: () => 30_000 } as Context);

    // Act
    await gateway.send(message('XF1:5'));

    // Assess
    expect(warn.mock.calls.flat().join(' ')).not.toMatch(/registerLambdaContext/);
    warn.mockRestore();
    expect(harness.sent()).toHaveLength(1);
  });
});
