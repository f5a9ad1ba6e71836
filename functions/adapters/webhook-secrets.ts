import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock, WebhookChannel, WebhookSecrets } from '../../application/ports.js';
import { type Env, EnvironmentError, optional } from '../runtime/environment.js';

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

/** The webhook secrets of a function granted them: given inline locally, in Secrets Manager on AWS. */
export function webhookSecrets(env: Env, wallClock: Clock): WebhookSecrets {
  const web = optional(env, 'WEB_WEBHOOK_SECRET');
  const sms = optional(env, 'SMS_WEBHOOK_SECRET');
  if (web && sms) return new StaticWebhookSecrets({ web, sms });
  const webId = optional(env, 'WEB_WEBHOOK_SECRET_ID');
  const smsId = optional(env, 'SMS_WEBHOOK_SECRET_ID');
  if (!webId || !smsId)
    throw new EnvironmentError(
      'WEB_/SMS_WEBHOOK_SECRET_ID are not set: this function was not granted the webhook secrets',
    );
  return new SecretsManagerWebhookSecrets(
    new SecretsManagerClient({ region: optional(env, 'AWS_REGION') ?? 'cn-north-1' }),
    { web: webId, sms: smsId },
    () => Date.parse(wallClock.now()),
  );
}
