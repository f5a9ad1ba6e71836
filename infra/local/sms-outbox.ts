/**
 * The local SMS gateway: nothing leaves the machine; every message is kept (oldest first) for
 * `GET /_local/sms`. Like the real gateways it sends what it is given, a repeated `messageId`
 * included: sending each message once is the job of the idempotent wrapper the SMS sender puts
 * around every gateway (the same contract tests hold both to that). With a file, the outbox
 * survives restarts (JSON lines, one message a line).
 */
import { appendFileSync, readFileSync } from 'node:fs';
import type { Clock, SmsGateway, SmsMessage, SmsTemplateUse } from '../../domain/ports.js';

/** An SMS the local gateway "sent". */
export interface SentSms {
  readonly to: string;
  readonly text: string;
  /** When it was sent, by the runtime clock. */
  readonly at: string;
  readonly caseId?: string;
  readonly messageId: string;
  /** The template the text was rendered from, as a mainland provider would be sent it. */
  readonly template?: SmsTemplateUse;
}

export class LocalSmsOutbox implements SmsGateway {
  readonly #sent: SentSms[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly file?: string,
  ) {
    if (file === undefined) return;
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const sms = JSON.parse(line) as SentSms;
      this.#sent.push(sms);
    }
  }

  async send(message: SmsMessage): Promise<void> {
    const sms: SentSms = {
      to: message.to,
      text: message.text,
      at: this.clock.now(),
      ...(message.caseId !== undefined ? { caseId: message.caseId } : {}),
      messageId: message.messageId,
      ...(message.template !== undefined ? { template: message.template } : {}),
    };
    // Written before it counts as sent, so a crash cannot lose a message that was reported.
    if (this.file !== undefined) appendFileSync(this.file, `${JSON.stringify(sms)}\n`, { mode: 0o600 });
    this.#sent.push(sms);
  }

  /** Every message sent, oldest first. */
  sent(): readonly SentSms[] {
    return [...this.#sent];
  }
}
