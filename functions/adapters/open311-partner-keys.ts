/**
 * The province's Open311 partner keys. On AWS one Secrets Manager secret holds them as JSON
 * (`{"partners":[{"id","name","key","rateLimit"?}]}`), granted to the Open311 function only;
 * locally `OPEN311_API_KEY` sets one partner's key. Keys are compared as SHA-256 digests in
 * constant time, so neither a timing nor a log reveals them.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod/mini';
import type { Clock, Partner, PartnerKeys } from '../../application/ports.js';
import { rateLimitSchema } from '../../domain/province/schema.js';
import { type Env, EnvironmentError, optional } from '../runtime/environment.js';

/** The JSON a partner-keys secret holds. */
export const partnerKeysSecretSchema = z.object({
  partners: z.array(
    z.object({
      id: z
        .string()
        .check(z.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'expected lower-case words joined by hyphens')),
      name: z.string().check(z.minLength(1)),
      key: z.string().check(z.minLength(16)),
      rateLimit: z.optional(rateLimitSchema),
    }),
  ),
});
export type PartnerKeysSecret = z.infer<typeof partnerKeysSecretSchema>;

const digest = (key: string) => createHash('sha256').update(key).digest();

function find(partners: PartnerKeysSecret['partners'], apiKey: string): Partner | undefined {
  const given = digest(apiKey);
  let found: Partner | undefined;
  // Every key is compared, so the time taken does not tell which one came close.
  for (const partner of partners) {
    if (timingSafeEqual(digest(partner.key), given))
      found = {
        id: partner.id,
        name: partner.name,
        ...(partner.rateLimit ? { rateLimit: partner.rateLimit } : {}),
      };
  }
  return found;
}

/** Keys given directly (locally). */
export class StaticPartnerKeys implements PartnerKeys {
  constructor(private readonly partners: PartnerKeysSecret['partners']) {}
  async partnerFor(apiKey: string): Promise<Partner | undefined> {
    return find(this.partners, apiKey);
  }
}

/** Keys read from Secrets Manager, cached for five minutes so that a new key takes effect soon. */
export class SecretsManagerPartnerKeys implements PartnerKeys {
  private cache: { partners: PartnerKeysSecret['partners']; until: number } | undefined;
  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly nowMs: () => number,
  ) {}

  async partnerFor(apiKey: string): Promise<Partner | undefined> {
    if (!this.cache || this.cache.until <= this.nowMs()) {
      const result = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }));
      const parsed = partnerKeysSecretSchema.safeParse(JSON.parse(result.SecretString ?? '{}'));
      if (!parsed.success) throw new Error('the Open311 partner keys secret is not {"partners":[…]}');
      this.cache = { partners: parsed.data.partners, until: this.nowMs() + 300_000 };
    }
    return find(this.cache.partners, apiKey);
  }
}

/** The partner that `OPEN311_API_KEY` stands for on a local runtime. */
export const localPartner = { id: 'local-partner', name: '本地测试合作方' } as const;

/** The partner keys of a function granted them: inline locally, in Secrets Manager on AWS. */
export function partnerKeys(env: Env, wallClock: Clock): PartnerKeys {
  const key = optional(env, 'OPEN311_API_KEY');
  if (key) return new StaticPartnerKeys([{ ...localPartner, key }]);
  const secretId = optional(env, 'OPEN311_PARTNER_KEYS_SECRET_ID');
  if (!secretId)
    throw new EnvironmentError(
      'OPEN311_PARTNER_KEYS_SECRET_ID is not set: this function was not granted the Open311 partner keys',
    );
  return new SecretsManagerPartnerKeys(
    new SecretsManagerClient({ region: optional(env, 'AWS_REGION') ?? 'cn-north-1' }),
    secretId,
    () => Date.parse(wallClock.now()),
  );
}
