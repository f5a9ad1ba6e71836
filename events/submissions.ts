/**
 * Contracts of intake: the bodies web portals and SMS gateways post (their field names are fixed,
 * extra fields are welcome), staff registration, and the intake queue message. Version 1.
 */
import { z } from 'zod';
import { channels } from '../domain/case/model.js';

const phone = z.string().trim().min(5).max(32);

/** POST /webhooks/web */
export const webSubmissionSchema = z.object({
  submissionId: z.string().trim().min(1).max(128),
  petitioner: z.object({
    name: z.string().trim().min(1).max(64),
    phone,
    idNumber: z.string().trim().min(15).max(24).optional(),
    address: z.string().trim().max(200).optional(),
  }),
  regionCode: z.string().regex(/^\d{6}$/, 'expected a 6-digit GB/T 2260 region code'),
  title: z.string().trim().min(1).max(200),
  content: z.string().trim().min(1).max(20_000),
  category: z.string().trim().min(1).max(64).optional(),
  attachments: z
    .array(z.object({ name: z.string().trim().min(1).max(200), url: z.url() }))
    .max(20)
    .optional(),
  /** Extension: the bureau the petitioner addressed, when the portal lets them choose one. */
  addressedTo: z.string().trim().min(1).max(64).optional(),
});
export type WebSubmission = z.infer<typeof webSubmissionSchema>;

/** POST /webhooks/sms */
export const smsMessageSchema = z.object({
  messageId: z.string().trim().min(1).max(128),
  from: phone,
  text: z.string().min(1).max(2_000),
  receivedAt: z.iso.datetime({ offset: true }),
});
export type SmsInbound = z.infer<typeof smsMessageSchema>;

/** POST /staff/cases: registration by a bureau's registrar for the other channels. */
export const staffRegistrationSchema = webSubmissionSchema
  .omit({ submissionId: true, addressedTo: true })
  .extend({
    channel: z.enum(
      channels.filter((c) => c !== 'web' && c !== 'sms') as ['letter', 'visit', 'phone', 'fax', 'email'],
    ),
    receivedAt: z.iso.datetime({ offset: true }),
    /** The registrar's own reference (e.g. the letter's number), for idempotent registration. */
    reference: z.string().trim().min(1).max(128),
  });
export type StaffRegistration = z.infer<typeof staffRegistrationSchema>;

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
    maskedPhone: z.string().optional(),
    maskedIdNumber: z.string().optional(),
    identityKey: z.string(),
    phoneKey: z.string().optional(),
    sealedContact: z.string().optional(),
  }),
  title: z.string(),
  content: z.string(),
  category: z.string().optional(),
  attachments: z.array(z.object({ name: z.string(), url: z.string() })).default([]),
});
export type PendingSubmission = z.infer<typeof pendingSubmissionSchema>;

/** The intake queue message: a reference only, so no personal data travels through the queue. */
export const intakeMessageSchema = z.object({
  kind: z.literal('submission.accepted'),
  version: z.literal(1),
  channel: z.enum(channels),
  submissionId: z.string().min(1),
});
export type IntakeMessage = z.infer<typeof intakeMessageSchema>;
