/**
 * The ports the use cases talk through. Adapters for AWS (DynamoDB, SQS, EventBridge, KMS, SMS)
 * and for the local runtime implement them at the edge; the domain never sees an SDK.
 */
import type { CaseEvent } from './case/transitions.js';

/** The one clock of a runtime. Locally it can be moved forward; on AWS it is the system clock. */
export interface Clock {
  /** Now, as an ISO 8601 UTC instant. */
  now(): string;
}

/** Publishes committed case events to the event bus. */
export interface EventPublisher {
  publish(events: readonly CaseEvent[]): Promise<void>;
}

/**
 * A registered SMS template with the values of its parameters (短信模板 and 模板变量): what a
 * mainland provider sends, under the province's registered signature (短信签名).
 */
export interface SmsTemplateUse {
  /** The signature without brackets, as registered with the provider: `浙江信访`. */
  readonly signName: string;
  /** The provider's code of the approved template: `SMS_123456789`. */
  readonly code: string;
  /** Every parameter of the template, by name. */
  readonly params: Readonly<Record<string, string>>;
}

/** An SMS to a petitioner. `to` is the full number: adapters must never log it. */
export interface SmsMessage {
  readonly to: string;
  /** The text as the petitioner reads it, signature included (what the template renders to). */
  readonly text: string;
  /** The template it was rendered from; a mainland provider sends this, never free text. */
  readonly template?: SmsTemplateUse;
  /** The case it concerns, for the audit trail; never personal data. */
  readonly caseId?: string;
  /** Stable id: a gateway that sees the same id twice sends once. */
  readonly messageId: string;
}

export interface SmsGateway {
  send(message: SmsMessage): Promise<void>;
}

/** Encryption at rest and keyed hashing of personal data (identity and phone numbers). */
export interface PersonalDataProtector {
  /** Seals a value (AES-256-GCM envelope); the result is safe to store. */
  seal(plaintext: string): Promise<string>;
  open(sealed: string): Promise<string>;
  /** Keyed hash (HMAC-SHA256) for lookups: equal inputs give equal keys, and reveal nothing. */
  lookupKey(
    kind: 'identity' | 'phone' | 'query-code' | 'submission' | 'verification-code',
    value: string,
  ): string;
}
