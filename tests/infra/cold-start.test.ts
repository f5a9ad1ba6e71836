/**
 * Every function must start with exactly the environment its CDK stack gives it (least
 * privilege): nothing more is set, so nothing more may be required at cold start.
 */
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDependencies } from '../../functions/runtime/dependencies.js';
import { functionEnvironment } from '../../infra/cdk/function-environment.js';
import { topology } from '../../infra/topology.js';

const kms = mockClient(KMSClient);

beforeAll(() => {
  kms.on(DecryptCommand).resolves({ Plaintext: new Uint8Array(64).fill(7) });
});
afterAll(() => kms.restore());

const values = {
  province: 'zhejiang',
  publicBaseUrl: 'https://xinfang.example.gov.cn',
  tableName: 'Petition-Zhejiang-Cases',
  dueShards: 4,
  queueUrls: Object.fromEntries(
    Object.keys(topology.queues).map((q) => [q, `https://sqs.cn-north-1.amazonaws.com.cn/000000000000/${q}`]),
  ) as Record<keyof typeof topology.queues, string>,
  eventBusName: 'petition-zhejiang',
  eventSource: topology.eventSource,
  webWebhookSecretId: 'arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:web',
  smsWebhookSecretId: 'arn:aws-cn:secretsmanager:cn-north-1:000000000000:secret:sms',
  personalDataKeysCiphertext: Buffer.alloc(200, 1).toString('base64'),
  smsSenderId: 'ZJXF',
};

describe('cold start with least-privilege environments', () => {
  it.each(topology.functions.map((f) => [f.name, f] as const))(
    'builds %s from its own environment only',
    async (_name, spec) => {
      // Prepare
      const environment = { ...functionEnvironment(spec.access, values), AWS_REGION: 'cn-north-1' };
      const module = (await import(`../../${spec.entry}`)) as Record<string, (deps: unknown) => unknown>;
      // Act
      const deps = await buildDependencies(environment);
      const handler = module[spec.factory]!(deps);
      // Assess
      expect(typeof handler).toBe('function');
      expect(typeof module['handler']).toBe('function');
    },
  );

  it('names the missing variable when a function uses what it was not granted', async () => {
    // Prepare
    const deps = await buildDependencies({ PROVINCE: 'zhejiang', AWS_REGION: 'cn-north-1' });
    // Act
    const use = () => deps.cases.get('XF1');
    // Assess
    expect(use).toThrow(/the case table is not configured for this function \(TABLE_NAME\)/);
  });
});
