/**
 * Admitting a partner app by its Open311 key: an unknown key is refused, and every call of a known
 * one counts against that key's own rate (the province's default when the key names none).
 */
import { ForbiddenError, TooManyAttemptsError } from '../errors.js';
import type { Clock, Partner, PartnerKeys, ProvinceContext, RateLimiter } from '../ports.js';

export interface AdmitPartnerPorts {
  readonly partnerKeys: PartnerKeys;
  readonly limiter: RateLimiter;
  readonly province: { readonly config: Pick<ProvinceContext['config'], 'open311'> };
  readonly wallClock: Clock;
}

/** The partner of `apiKey`, or undefined when none was given. */
export async function admitPartner(
  ports: AdmitPartnerPorts,
  apiKey: string | undefined,
): Promise<Partner | undefined> {
  if (apiKey === undefined) return undefined;
  const partner = await ports.partnerKeys.partnerFor(apiKey);
  if (!partner) throw new ForbiddenError('api_key is not valid');
  const limit = partner.rateLimit ?? ports.province.config.open311.requestsPerKey;
  const decision = await ports.limiter.take(
    'open311-key',
    partner.id,
    limit,
    Date.parse(ports.wallClock.now()),
  );
  if (!decision.allowed)
    throw new TooManyAttemptsError(
      `this api_key is over its rate of ${limit.limit} calls per ${limit.windowSeconds} s`,
      decision.retryAfterSeconds,
    );
  return partner;
}
