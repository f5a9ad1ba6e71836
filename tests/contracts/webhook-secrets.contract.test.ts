/**
 * The WebhookSecrets port: the Secrets Manager adapter (against aws-sdk-client-mock) and the inline
 * secrets of the local runtime give each channel its own secret.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookSecrets } from '../../application/ports.js';
import {
  SecretsManagerWebhookSecrets,
  StaticWebhookSecrets,
} from '../../functions/adapters/webhook-secrets.js';

const secretsManager = mockClient(SecretsManagerClient);
afterEach(() => secretsManager.reset());

const secrets = { web: 'web-secret-0123456789', sms: 'sms-secret-0123456789' };

const implementations: readonly [string, () => WebhookSecrets][] = [
  [
    'SecretsManagerWebhookSecrets',
    () => {
      secretsManager
        .on(GetSecretValueCommand, { SecretId: 'arn:web' })
        .resolves({ SecretString: secrets.web })
        .on(GetSecretValueCommand, { SecretId: 'arn:sms' })
        .resolves({ SecretString: secrets.sms });
      return new SecretsManagerWebhookSecrets(
        new SecretsManagerClient({ region: 'cn-north-1' }),
        { web: 'arn:web', sms: 'arn:sms' },
        () => Date.parse('2026-03-02T02:00:00.000Z'),
      );
    },
  ],
  ['StaticWebhookSecrets', () => new StaticWebhookSecrets(secrets)],
];

describe.each(implementations)('WebhookSecrets contract: %s', (_name, make) => {
  it('gives each channel its own secret', async () => {
    // Prepare
    const store = make();

    // Act
    const given = { web: await store.secretFor('web'), sms: await store.secretFor('sms') };

    // Assess
    expect(given).toEqual(secrets);
  });
});

describe('SecretsManagerWebhookSecrets', () => {
  it('reads a secret once and serves it from memory for five minutes', async () => {
    // Prepare
    let now = Date.parse('2026-03-02T02:00:00.000Z');
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: secrets.web });
    const store = new SecretsManagerWebhookSecrets(
      new SecretsManagerClient({ region: 'cn-north-1' }),
      { web: 'arn:web', sms: 'arn:sms' },
      () => now,
    );

    // Act
    await store.secretFor('web');
    await store.secretFor('web');
    now += 301_000;
    await store.secretFor('web');

    // Assess
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });
});
