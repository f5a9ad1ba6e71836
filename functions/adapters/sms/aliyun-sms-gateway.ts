/**
 * Sends SMS through Alibaba Cloud SMS (阿里云短信服务), the provider the China regions use in place of
 * SNS SMS: `SendSms` of API version 2017-05-25 over HTTPS, signed with the documented RPC signature
 * (HMAC-SHA1 over the sorted, percent-encoded parameters). Called directly rather than through
 * `@alicloud/dysmsapi20170525`: that SDK bundles to about 1.1 MB and needs an install script,
 * while this is one request (docs/decisions/0018-china-regions.md).
 *
 * A mainland provider sends only an approved template with its parameters, under the registered
 * signature, so a message without a template is refused here. Like every gateway it sends what it
 * is given, a repeated `messageId` included; `OutId` carries the id, so the provider's delivery
 * receipt names it. The phone number is never logged.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SmsGateway, SmsMessage } from '../../../domain/ports.js';
import { type Env, optional, required } from '../../runtime/environment.js';

const aliyunSmsEndpoint = 'https://dysmsapi.aliyuncs.com/';

interface AliyunCredentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
}

/** A message the provider can only send as a registered template came without one. */
export class SmsTemplateRequiredError extends Error {
  constructor(messageId: string) {
    super(`SMS ${messageId} has no template: a mainland provider sends approved templates only`);
    this.name = 'SmsTemplateRequiredError';
  }
}

/** The provider refused the request (`Code` other than `OK`). */
export class AliyunSmsError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`Alibaba Cloud SMS refused the message: ${code}: ${message}`);
    this.name = 'AliyunSmsError';
  }
}

/** RFC 3986 encoding as the RPC signature wants it (`encodeURIComponent` plus `!'()*`). */
function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The RPC signature of `parameters` for `method`, keyed by the AccessKey secret. */
export function aliyunRpcSignature(
  method: 'GET' | 'POST',
  parameters: Readonly<Record<string, string>>,
  accessKeySecret: string,
): string {
  const canonical = Object.keys(parameters)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(parameters[key]!)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

export interface AliyunSmsGatewayOptions {
  readonly credentials: () => Promise<AliyunCredentials>;
  /** @default {@link aliyunSmsEndpoint} */
  readonly endpoint?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
  /** @default the system clock */
  readonly now?: () => Date;
}

export class AliyunSmsGateway implements SmsGateway {
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly options: AliyunSmsGatewayOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? (() => new Date());
  }

  async send(message: SmsMessage): Promise<void> {
    const { template } = message;
    if (!template) throw new SmsTemplateRequiredError(message.messageId);
    const { accessKeyId, accessKeySecret } = await this.options.credentials();
    const parameters: Record<string, string> = {
      AccessKeyId: accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: message.messageId,
      PhoneNumbers: message.to.replace(/^\+86/, ''),
      RegionId: 'cn-hangzhou',
      SignName: template.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: template.code,
      TemplateParam: JSON.stringify(template.params),
      Timestamp: this.now()
        .toISOString()
        .replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    const body = new URLSearchParams({
      ...parameters,
      Signature: aliyunRpcSignature('POST', parameters, accessKeySecret),
    });
    const response = await this.fetch(this.options.endpoint ?? aliyunSmsEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      signal: AbortSignal.timeout(5_000),
    });
    const answer = (await response.json().catch(() => ({}))) as { Code?: string; Message?: string };
    if (answer.Code !== 'OK')
      throw new AliyunSmsError(answer.Code ?? `HTTP ${response.status}`, answer.Message ?? 'no message');
  }
}

/** The AccessKey from Secrets Manager, read at the first send and kept for five minutes. */
function credentialsFromSecret(
  client: SecretsManagerClient,
  secretId: string,
): () => Promise<AliyunCredentials> {
  let cached: { value: AliyunCredentials; until: number } | undefined;
  return async () => {
    if (cached && cached.until > Date.now()) return cached.value;
    const result = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    const value = JSON.parse(result.SecretString ?? '{}') as Partial<AliyunCredentials>;
    if (!value.accessKeyId || value.accessKeyId === 'SET-ME' || !value.accessKeySecret)
      throw new Error(
        'the SMS provider credentials secret holds no AccessKey yet (docs/deploy-a-province.md)',
      );
    cached = {
      value: { accessKeyId: value.accessKeyId, accessKeySecret: value.accessKeySecret },
      until: Date.now() + 300_000,
    };
    return cached.value;
  };
}

/** The Alibaba Cloud gateway of a function granted SMS through it. */
export function aliyunSmsGateway(env: Env): AliyunSmsGateway {
  const endpoint = optional(env, 'SMS_API_ENDPOINT');
  return new AliyunSmsGateway({
    credentials: credentialsFromSecret(
      new SecretsManagerClient({ region: optional(env, 'AWS_REGION') ?? 'cn-north-1' }),
      required(env, 'SMS_CREDENTIALS_SECRET_ID'),
    ),
    ...(endpoint ? { endpoint } : {}),
  });
}
