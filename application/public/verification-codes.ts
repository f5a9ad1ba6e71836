/**
 * The SMS verification code that proves a petitioner's phone before the page accepts a petition:
 * six digits from a cryptographic source, valid for the province's minutes, stored only as a keyed
 * digest, sent through the SMS queue like every other text. How often one may be asked for is
 * limited per address and per phone, each limit atomically (parallel requests cannot exceed it).
 */
import { randomInt } from 'node:crypto';
import { normalisePhone } from '../../domain/intake/normalise.js';
import { verificationCodeSms } from '../../domain/notifications/sms-texts.js';
import type { PortalConfig } from '../../domain/province/schema.js';
import { InvalidRequestError, TooManyAttemptsError } from '../errors.js';
import { queueSms, sealPhone } from '../notifications/queue-sms.js';
import type {
  Clock,
  CodeUse,
  MessageQueue,
  PersonalData,
  ProvinceContext,
  RateLimiter,
  VerificationCodeStore,
} from '../ports.js';

export interface VerificationCodePorts {
  readonly codes: VerificationCodeStore;
  readonly limiter: RateLimiter;
  readonly queue: MessageQueue;
  readonly personalData: Pick<PersonalData, 'seal' | 'lookupKey'>;
  readonly province: { readonly config: Pick<ProvinceContext['config'], 'portal' | 'sms'> };
  /** Real time: a code's validity and the limits must not follow a simulated business clock. */
  readonly wallClock: Clock;
}

/** The mainland mobile number of a request, or a 400 naming `field`. */
function mobileOf(phone: string, field = 'phone'): string {
  const normalised = normalisePhone(phone);
  if (!normalised) throw new InvalidRequestError([{ field, problem: 'not a mainland mobile number' }]);
  return normalised;
}

/** The digest a code is stored and checked as: keyed, and bound to the phone it was sent to. */
function codeDigest(personalData: Pick<PersonalData, 'lookupKey'>, phone: string, code: string): string {
  return personalData.lookupKey('verification-code', `${phone}:${code}`);
}

async function within(
  ports: VerificationCodePorts,
  scope: string,
  key: string,
  limits: PortalConfig['codesPerPhone'],
  nowMs: number,
  refusal: string,
): Promise<void> {
  for (const limit of limits) {
    const decision = await ports.limiter.take(scope, key, limit, nowMs);
    if (!decision.allowed) throw new TooManyAttemptsError(refusal, decision.retryAfterSeconds);
  }
}

/**
 * Sends a new code to `phone` (replacing any earlier one) unless a limit refuses: the address's
 * limits are checked first, so that an address over its limit uses up nothing of the phone's.
 */
export async function sendVerificationCode(
  ports: VerificationCodePorts,
  request: { readonly phone: string; readonly sourceAddress: string },
): Promise<{ readonly validUntil: string }> {
  const phone = mobileOf(request.phone);
  const { portal, sms } = ports.province.config;
  const now = ports.wallClock.now();
  const nowMs = Date.parse(now);
  const phoneKey = ports.personalData.lookupKey('phone', phone);
  await within(
    ports,
    'code-address',
    request.sourceAddress,
    portal.codesPerAddress,
    nowMs,
    'too many verification codes asked for from this address; try again later',
  );
  await within(
    ports,
    'code-phone',
    phoneKey,
    portal.codesPerPhone,
    nowMs,
    'a verification code was sent to this phone moments ago; wait before asking for another',
  );
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const validUntil = new Date(nowMs + portal.codeValidMinutes * 60_000).toISOString();
  await ports.codes.issue(phoneKey, {
    digest: codeDigest(ports.personalData, phone, code),
    issuedAt: now,
    validUntil,
  });
  await queueSms(ports, {
    messageId: `verification:${phoneKey}:${now}`,
    sealedContact: await sealPhone(ports, phone),
    sms: verificationCodeSms(sms, code, portal.codeValidMinutes),
  });
  return { validUntil };
}

const refusals: Record<Exclude<CodeUse, 'used'>, string> = {
  none: 'no verification code was sent to this phone; ask for one first',
  wrong: 'the verification code is wrong',
  expired: 'the verification code has expired; ask for a new one',
  spent: 'the verification code has already been used; ask for a new one',
  void: 'the verification code was entered wrongly too often; ask for a new one',
};

/** Uses the phone's code for `usedBy`, or refuses with a 400 naming `verificationCode`. */
export async function useVerificationCode(
  ports: Pick<VerificationCodePorts, 'codes' | 'personalData' | 'province' | 'wallClock'>,
  attempt: { readonly phone: string; readonly code: string; readonly usedBy: string },
): Promise<void> {
  const outcome = await ports.codes.use(ports.personalData.lookupKey('phone', attempt.phone), {
    digest: codeDigest(ports.personalData, attempt.phone, attempt.code),
    now: ports.wallClock.now(),
    usedBy: attempt.usedBy,
    maxWrongAttempts: ports.province.config.portal.wrongCodeAttempts,
  });
  if (outcome !== 'used')
    throw new InvalidRequestError([{ field: 'verificationCode', problem: refusals[outcome] }]);
}
