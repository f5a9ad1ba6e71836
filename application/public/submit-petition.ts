/**
 * A petition from the petitioner's page (我要写信): the phone is proven by its SMS code, then the
 * petition enters the same intake pipeline as the web webhook (channel `web`), so it becomes a
 * case, and the receipt SMS is sent, exactly as for a portal's submission.
 *
 * The `Idempotency-Key` (scoped to the phone) stands for the sender's submission id: the same key
 * gives the same answer and creates nothing twice, even when a first attempt crashed after using
 * the code (the code stays usable for the submission it was used for). Everything is checked
 * before the code is used, so a refused petition leaves the code as it was.
 */
import { createHash } from 'node:crypto';
import type { PortalPetition } from '../../events/submissions.js';
import { ConflictError, InvalidRequestError } from '../errors.js';
import {
  type AcceptSubmissionPorts,
  acceptSubmission,
  normaliseMatter,
  type Receipt,
} from '../intake/accept-submission.js';
import type { Clock, ProvinceContext, SubmissionStore, VerificationCodeStore } from '../ports.js';
import { useVerificationCode } from './verification-codes.js';

export interface SubmitPetitionPorts extends AcceptSubmissionPorts {
  /** The portal reads first: a retried petition must not use its verification code again. */
  readonly submissions: AcceptSubmissionPorts['submissions'] & Pick<SubmissionStore, 'get'>;
  readonly codes: VerificationCodeStore;
  readonly province: Pick<ProvinceContext, 'config' | 'directory'>;
  readonly wallClock: Clock;
}

/** The submission id a key stands for: the phone's lookup key and the key, hashed (no number in it). */
function portalSubmissionId(phoneKey: string, idempotencyKey: string): string {
  return `portal-${createHash('sha256').update(`${phoneKey}\n${idempotencyKey}`).digest('base64url')}`;
}

export async function submitPetition(
  ports: SubmitPetitionPorts,
  petition: PortalPetition,
  idempotencyKey: string,
): Promise<Receipt> {
  const { directory, config } = ports.province;
  const matter = normaliseMatter(petition, directory);
  if (matter.category !== undefined && !config.categories.some((c) => c.id === matter.category))
    throw new InvalidRequestError([{ field: 'category', problem: `unknown category ${matter.category}` }]);
  const phone = matter.petitioner.phone as string;
  const submissionId = portalSubmissionId(ports.personalData.lookupKey('phone', phone), idempotencyKey);
  const seen = await ports.submissions.get('web', submissionId);
  if (!seen)
    await useVerificationCode(ports, { phone, code: petition.verificationCode, usedBy: submissionId });
  try {
    return await acceptSubmission(ports, {
      channel: 'web',
      submissionId,
      receivedAt: ports.clock.now(),
      receivingUnitId: directory.bureauFor(matter.regionCode).id,
      ...matter,
    });
  } catch (error) {
    // The pipeline compares everything the petition says; its answer names the derived
    // submission id, which means nothing to the page, so the page is told about its own key.
    if (error instanceof ConflictError && error.code === 'submission_conflict')
      throw new ConflictError(
        'idempotency_key_reused',
        'this Idempotency-Key was used for a different petition from this phone; use a new key',
      );
    throw error;
  }
}
