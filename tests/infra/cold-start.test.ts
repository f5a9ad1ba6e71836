/**
 * Every function composes its ports from exactly the environment its CDK stack gives it (least
 * privilege): nothing more is set, so nothing more may be required at cold start, and a function
 * that uses what it was not granted fails to start, naming the variable.
 */
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Env } from '../../functions/runtime/environment.js';
import { onLambda } from '../../functions/runtime/lambda.js';
import { type EnvironmentValues, functionEnvironment } from '../../infra/cdk/function-environment.js';
import { routingModelSource, writeProvinceConfig } from '../../infra/cdk/province-config-file.js';
import { type FunctionSpec, topology } from '../../infra/topology.js';
import { lambdaTestContext } from '../support/test-platform.js';

const kms = mockClient(KMSClient);

beforeAll(() => {
  kms.on(DecryptCommand).resolves({ Plaintext: new Uint8Array(64).fill(7) });
});
afterAll(() => kms.restore());

const values: EnvironmentValues = {
  province: 'zhejiang',
  provinceConfigFile: writeProvinceConfig('zhejiang'),
  routingModelFile: routingModelSource,
  publicBaseUrl: 'https://xinfang.example.gov.cn',
  tableName: 'Petition-Zhejiang-Cases',
  dueShards: 4,
  queueUrls: Object.fromEntries(
    Object.keys(topology.queues).map((q) => [q, `https://sqs.cn-north-1.amazonaws.com.cn/000000000000/${q}`]),
  ) as Record<keyof typeof topology.queues, string>,
  deadLetterQueueUrls: Object.fromEntries(
    Object.keys(topology.queues).map((q) => [
      q,
      `https://sqs.cn-north-1.amazonaws.com.cn/000000000000/${q}-dlq`,
    ]),
  ) as Record<keyof typeof topology.queues, string>,
  eventBusName: 'petition-zhejiang',
  eventSource: topology.eventSource,
  webhookSecrets: {
    kind: 'secrets-manager',
    webId: 'arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:web',
    smsId: 'arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:sms',
  },
  personalDataKeys: { kind: 'kms', ciphertext: Buffer.alloc(200, 1).toString('base64') },
  sms: {
    kind: 'aliyun',
    credentialsSecretId: 'arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:sms-provider',
  },
  open311PartnerKeys: {
    kind: 'secrets-manager',
    secretId: 'arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:open311',
  },
};

type FunctionModule = Record<string, (...args: unknown[]) => unknown>;

async function start(spec: FunctionSpec, env: Env): Promise<unknown> {
  const module = (await import(`../../${spec.entry}`)) as FunctionModule;
  const ports = await module[spec.compose]!(env, {});
  return module[spec.factory]!(ports);
}

describe('cold start with least-privilege environments', () => {
  it.each(topology.functions.map((f) => [f.name, f] as const))(
    'composes %s from its own environment only',
    async (_name, spec) => {
      // Prepare
      const env = { ...functionEnvironment(spec.access, values), AWS_REGION: 'cn-north-1' };
      const module = (await import(`../../${spec.entry}`)) as FunctionModule;

      // Act
      const handler = await start(spec, env);

      // Assess
      expect(typeof handler).toBe('function');
      expect(typeof module['handler']).toBe('function');
    },
  );

  it.each([
    [
      'event-relay',
      'publishEvents',
      /EVENT_BUS_NAME is not set: this function was not granted publishing case events/,
    ],
    [
      'notifier',
      'sendTo',
      /QUEUE_URL_SMS is not set: this function was not granted sending to the SMS queue/,
    ],
    ['staff-feed-api', 'table', /TABLE_NAME is not set: this function was not granted the table/],
    ['intake-consumer', 'personalDataKey', /PERSONAL_DATA_KEYS_CIPHERTEXT is not set/],
    ['routing-consumer', 'province', /PROVINCE_CONFIG_FILE is not set/],
  ] as const)('fails to start %s without its %s grant, naming the variable', async (name, grant, message) => {
    // Prepare
    const spec = topology.functions.find((f) => f.name === name)!;
    const withheld = {
      publishEvents: false,
      sendTo: [],
      table: 'none',
      personalDataKey: 'none',
      province: false,
    }[grant];
    const env = {
      ...functionEnvironment({ ...spec.access, [grant]: withheld }, values),
      AWS_REGION: 'cn-north-1',
    };

    // Act
    const starting = start(spec, env);

    // Assess
    await expect(starting).rejects.toThrow(message);
  });
});

describe('onLambda', () => {
  it('composes again on the next invocation after a failed cold start, instead of failing for good', async () => {
    // Prepare
    let attempts = 0;
    const handler = onLambda(
      async () => {
        attempts++;
        if (attempts === 1) throw new Error('KMS throttled');
        return { greeting: 'ready' };
      },
      (ports) => async () => ports.greeting,
    );

    // Act
    const first = handler({}, lambdaTestContext());
    const second = await first.catch(() => handler({}, lambdaTestContext()));
    const third = await handler({}, lambdaTestContext());

    // Assess
    await expect(first).rejects.toThrow('KMS throttled');
    expect(second).toBe('ready');
    expect(third).toBe('ready');
    expect(attempts).toBe(2);
  });
});
