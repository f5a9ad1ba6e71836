import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export type WebhookChannel = 'web' | 'sms';

/** Where the HMAC secret of a webhook channel comes from. */
export interface WebhookSecrets {
  secretFor(channel: WebhookChannel): Promise<string>;
}

/** Secrets given directly (locally, from WEB_WEBHOOK_SECRET / SMS_WEBHOOK_SECRET). */
export class StaticWebhookSecrets implements WebhookSecrets {
  constructor(private readonly secrets: Readonly<Record<WebhookChannel, string>>) {}
  async secretFor(channel: WebhookChannel): Promise<string> {
    return this.secrets[channel];
  }
}

/** Secrets read from Secrets Manager once per cold start and cached for five minutes. */
export class SecretsManagerWebhookSecrets implements WebhookSecrets {
  private readonly cache = new Map<WebhookChannel, { value: string; until: number }>();
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretIds: Readonly<Record<WebhookChannel, string>>,
    private readonly nowMs: () => number,
  ) {}

  async secretFor(channel: WebhookChannel): Promise<string> {
    const cached = this.cache.get(channel);
    if (cached && cached.until > this.nowMs()) return cached.value;
    const result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretIds[channel] }));
    if (!result.SecretString) throw new Error(`secret for the ${channel} webhook is empty`);
    this.cache.set(channel, { value: result.SecretString, until: this.nowMs() + 300_000 });
    return result.SecretString;
  }
}
