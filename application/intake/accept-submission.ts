/**
 * Accepting a submission from any channel (web, SMS, a registrar): store it once (idempotent on
 * the sender's id), then queue a reference to it. The answer (tracking number and query code) is
 * given at once, before registration runs; the same submission delivered again gets the same
 * answer and creates nothing.
 */
import { randomInt } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json.js';
import type { Channel } from '../../domain/case/model.js';
import {
  cleanText,
  hasVisibleText,
  maskIdNumber,
  maskPhone,
  normaliseIdNumber,
  normalisePhone,
} from '../../domain/intake/normalise.js';
import type { ProvinceDirectory } from '../../domain/province/directory.js';
import type { IntakeMessage, WebSubmission } from '../../events/submissions.js';
import { ConflictError, InvalidRequestError } from '../errors.js';
import type {
  Clock,
  Logger,
  MessageQueue,
  PersonalData,
  StoredSubmission,
  SubmissionStore,
} from '../ports.js';

export interface SubmissionInput {
  readonly channel: Channel;
  readonly submissionId: string;
  readonly receivedAt: string;
  readonly receivingUnitId: string;
  readonly regionCode: string;
  readonly petitioner: {
    readonly name: string;
    readonly phone?: string;
    readonly idNumber?: string;
    readonly address?: string;
  };
  readonly title: string;
  readonly content: string;
  readonly category?: string;
  readonly attachments?: readonly { readonly name: string; readonly url: string }[];
}

export interface Receipt {
  readonly trackingNumber: string;
  readonly queryCode: string;
  /** False when this submission had been accepted before and the earlier answer is repeated. */
  readonly created: boolean;
}

export interface AcceptSubmissionPorts {
  readonly submissions: Pick<SubmissionStore, 'accept' | 'nextTrackingNumber'>;
  readonly queue: MessageQueue;
  readonly personalData: Pick<PersonalData, 'seal' | 'open' | 'lookupKey'>;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The fields every channel's body shares: the petitioner and the matter. */
type MatterFields = Pick<
  WebSubmission,
  'petitioner' | 'regionCode' | 'title' | 'content' | 'category' | 'attachments'
>;

/**
 * Normalises the petitioner and the matter of a submission (half-width text, 11-digit mobile,
 * checked identity number, a region of this province), refusing with the field otherwise.
 */
export function normaliseMatter(
  body: MatterFields,
  directory: ProvinceDirectory,
): Pick<SubmissionInput, 'regionCode' | 'petitioner' | 'title' | 'content' | 'category' | 'attachments'> {
  const phone = normalisePhone(body.petitioner.phone);
  if (!phone)
    throw new InvalidRequestError([{ field: 'petitioner.phone', problem: 'not a mainland mobile number' }]);
  const idNumber =
    body.petitioner.idNumber === undefined ? undefined : normaliseIdNumber(body.petitioner.idNumber);
  if (body.petitioner.idNumber !== undefined && !idNumber) {
    throw new InvalidRequestError([
      { field: 'petitioner.idNumber', problem: 'not a valid 18-digit identity number' },
    ]);
  }
  // Whitespace (U+3000 too), NUL and zero-width characters alone are not a petition.
  const blank = Object.entries({
    'petitioner.name': body.petitioner.name,
    title: body.title,
    content: body.content,
  })
    .filter(([, text]) => !hasVisibleText(text))
    .map(([field]) => ({ field, problem: 'has no visible text' }));
  if (blank.length > 0) throw new InvalidRequestError(blank);
  if (!directory.findRegion(body.regionCode))
    throw new InvalidRequestError([
      { field: 'regionCode', problem: `unknown region ${body.regionCode} in this province` },
    ]);
  return {
    regionCode: body.regionCode,
    petitioner: {
      name: cleanText(body.petitioner.name),
      phone,
      ...(idNumber ? { idNumber } : {}),
      ...(body.petitioner.address ? { address: cleanText(body.petitioner.address) } : {}),
    },
    title: cleanText(body.title),
    content: cleanText(body.content),
    ...(body.category ? { category: body.category } : {}),
    ...(body.attachments ? { attachments: body.attachments } : {}),
  };
}

/** A 6-digit query code from a cryptographic source. */
function newQueryCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The digest stored on the case: the code itself is never stored in clear. */
export function queryCodeDigest(
  personalData: Pick<PersonalData, 'lookupKey'>,
  trackingNumber: string,
  code: string,
): string {
  return personalData.lookupKey('query-code', `${trackingNumber}:${code}`);
}

async function enqueue(ports: Pick<AcceptSubmissionPorts, 'queue' | 'logger'>, stored: StoredSubmission) {
  const message: IntakeMessage = {
    kind: 'submission.accepted',
    version: 1,
    channel: stored.channel,
    submissionId: stored.submissionId,
  };
  try {
    await ports.queue.send('intake', message);
  } catch (error) {
    // The submission is stored: the intake sweep finds it and queues it again.
    ports.logger.warn('intake message not sent; left for the intake sweep', {
      trackingNumber: stored.trackingNumber,
      error,
    });
  }
}

/** A keyed hash of what a submission says, whenever it arrives (not of `receivedAt`). */
function fingerprintOf(personalData: Pick<PersonalData, 'lookupKey'>, input: SubmissionInput): string {
  const { receivedAt: _when, ...what } = input;
  return personalData.lookupKey('submission', canonicalJson(what));
}

/** The same submission id with another body: refused, and the first sender's answer is not given. */
function requireSameSubmission(stored: StoredSubmission, fingerprint: string): void {
  if (stored.fingerprint !== undefined && stored.fingerprint !== fingerprint)
    throw new ConflictError(
      'submission_conflict',
      `submission ${stored.submissionId} was accepted before with another body; send a new submission id`,
    );
}

export async function acceptSubmission(
  ports: AcceptSubmissionPorts,
  input: SubmissionInput,
): Promise<Receipt> {
  const fingerprint = fingerprintOf(ports.personalData, input);
  // No read first: the conditional write tells a submission seen before (one round trip either way;
  // a repeated delivery leaves its new tracking number unused).
  const now = ports.clock.now();
  const trackingNumber = await ports.submissions.nextTrackingNumber(now);
  const queryCode = newQueryCode();
  const { phone, idNumber, address } = input.petitioner;
  const contact = {
    ...(phone ? { phone } : {}),
    ...(idNumber ? { idNumber } : {}),
    ...(address ? { address } : {}),
  };
  const identityKey = idNumber
    ? ports.personalData.lookupKey('identity', idNumber)
    : ports.personalData.lookupKey('phone', phone ?? `${input.channel}:${input.submissionId}`);
  const candidate: StoredSubmission = {
    channel: input.channel,
    submissionId: input.submissionId,
    trackingNumber,
    receivedAt: input.receivedAt,
    receivingUnitId: input.receivingUnitId,
    regionCode: input.regionCode,
    petitioner: {
      name: input.petitioner.name,
      ...(phone
        ? { maskedPhone: maskPhone(phone), phoneKey: ports.personalData.lookupKey('phone', phone) }
        : {}),
      ...(idNumber ? { maskedIdNumber: maskIdNumber(idNumber) } : {}),
      identityKey,
      ...(Object.keys(contact).length > 0
        ? { sealedContact: await ports.personalData.seal(JSON.stringify(contact)) }
        : {}),
    },
    title: input.title,
    content: input.content,
    ...(input.category ? { category: input.category } : {}),
    attachments: [...(input.attachments ?? [])],
    fingerprint,
    sealedQueryCode: await ports.personalData.seal(queryCode),
    status: 'received',
    acceptedAt: now,
  };
  const { created, stored } = await ports.submissions.accept(candidate);
  if (!created) requireSameSubmission(stored, fingerprint);
  // A submission seen before and still waiting is queued again: its first message may be lost.
  if (created || stored.status === 'received') await enqueue(ports, stored);
  return {
    trackingNumber: stored.trackingNumber,
    queryCode: created ? queryCode : await ports.personalData.open(stored.sealedQueryCode),
    created,
  };
}
