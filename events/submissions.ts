/**
 * Contracts of intake: the bodies web portals and SMS gateways post (their field names are fixed,
 * extra fields are welcome), staff registration, and the intake queue message. Version 1.
 */
import '../domain/zod-messages.js';
import * as z from 'zod/mini';
import { channels } from '../domain/case/model.js';
import { withoutInvisible } from '../domain/intake/normalise.js';

const phone = z.string().check(z.trim(), z.minLength(5), z.maxLength(32));

/**
 * A sender's own id (a portal's submission, a gateway's message): printable ASCII without spaces, so that it travels in keys and queue messages as it is. Anything else is refused with a
 * 400 before the 202, never accepted and then lost.
 */
const senderId = z
  .string()
  .check(
    z.trim(),
    z.minLength(1),
    z.maxLength(128),
    z.regex(/^[\x21-\x7E]+$/, 'expected printable ASCII letters, digits and punctuation, without spaces'),
  );

/** POST /webhooks/web */
export const webSubmissionSchema = z.object({
  submissionId: senderId,
  petitioner: z.object({
    name: z.string().check(z.trim(), z.minLength(1), z.maxLength(64)),
    phone,
    idNumber: z.optional(z.string().check(z.trim(), z.minLength(15), z.maxLength(24))),
    address: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  }),
  regionCode: z.string().check(z.regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 region code')),
  title: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  content: z.string().check(z.trim(), z.minLength(1), z.maxLength(20_000)),
  category: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
  attachments: z.optional(
    z
      .array(z.object({ name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)), url: z.url() }))
      .check(z.maxLength(20)),
  ),
  /** Extension: the bureau the petitioner addressed, when the portal lets them choose one. */
  addressedTo: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(64))),
});
export type WebSubmission = z.infer<typeof webSubmissionSchema>;

/** POST /public/verification-codes: a six-digit code by SMS to the phone that will petition. */
export const verificationCodeRequestSchema = z.object({ phone });

/**
 * POST /public/petitions: the petitioner's page. The web webhook's body without the sender's
 * `submissionId` (the `Idempotency-Key` header, scoped to the phone, takes its place), plus the
 * code that proves the phone.
 */
export const portalPetitionSchema = z.extend(
  z.omit(webSubmissionSchema, { submissionId: true, addressedTo: true }),
  { verificationCode: z.string().check(z.regex(/^\d{6}$/, 'expected the 6-digit code sent by SMS')) },
);
export type PortalPetition = z.infer<typeof portalPetitionSchema>;

/** The `Idempotency-Key` header of POST /public/petitions. */
export const idempotencyKeySchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'expected 8 to 128 letters, digits or _ . : -'));

/** POST /webhooks/sms */
export const smsMessageSchema = z.object({
  messageId: senderId,
  from: phone,
  text: z.string().check(z.minLength(1), z.maxLength(2_000)),
  receivedAt: z.iso.datetime({ offset: true }),
});

/** POST /staff/cases: registration by a bureau's registrar for the other channels. */
export const staffRegistrationSchema = z.extend(
  z.omit(webSubmissionSchema, { submissionId: true, addressedTo: true }),
  {
    channel: z.enum(
      channels.filter((c) => c !== 'web' && c !== 'sms') as ['letter', 'visit', 'phone', 'fax', 'email'],
    ),
    receivedAt: z.iso.datetime({ offset: true }),
    /** The registrar's own reference (e.g. the letter's number), for idempotent registration. */
    reference: z.string().check(
      z.trim(),
      z.minLength(1),
      z.maxLength(128),
      z.refine((text) => withoutInvisible(text) === text, 'contains control or invisible characters'),
    ),
  },
);

/**
 * A submission as intake stores it until it is registered: one shape for every channel. The
 * petitioner's phone and identity number stay sealed; only their keys and masks are in clear.
 */
export const pendingSubmissionSchema = z.object({
  channel: z.enum(channels),
  submissionId: z.string(),
  trackingNumber: z.string(),
  receivedAt: z.string(),
  receivingUnitId: z.string(),
  regionCode: z.string(),
  petitioner: z.object({
    name: z.string(),
    maskedPhone: z.optional(z.string()),
    maskedIdNumber: z.optional(z.string()),
    identityKey: z.string(),
    phoneKey: z.optional(z.string()),
    sealedContact: z.optional(z.string()),
  }),
  title: z.string(),
  content: z.string(),
  category: z.optional(z.string()),
  attachments: z._default(z.array(z.object({ name: z.string(), url: z.string() })), []),
  /**
   * Keyed hash of what was submitted (not when): a submission id sent again with another body is a
   * conflict, never an occasion to hand out the first sender's query code. Absent on submissions
   * stored before it was kept.
   */
  fingerprint: z.optional(z.string()),
});
export type PendingSubmission = z.infer<typeof pendingSubmissionSchema>;

/** The intake queue message: a reference only, so no personal data travels through the queue. */
export const intakeMessageSchema = z.object({
  kind: z.literal('submission.accepted'),
  version: z.literal(1),
  channel: z.enum(channels),
  submissionId: z.string().check(z.minLength(1)),
});
export type IntakeMessage = z.infer<typeof intakeMessageSchema>;
