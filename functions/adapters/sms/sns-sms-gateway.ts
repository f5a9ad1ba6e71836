import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { SmsGateway, SmsMessage } from '../../../domain/ports.js';
import { type Env, optional, required } from '../../runtime/environment.js';

/**
 * Sends SMS through Amazon SNS, in the regions that offer SNS SMS. It sends what it is given: a
 * repeated `messageId` is sent again, as by every gateway; the SMS sender wraps it in
 * {@link IdempotentSmsGateway} so that each message goes out once. The phone number is never logged.
 */
export class SnsSmsGateway implements SmsGateway {
  constructor(
    private readonly client: SNSClient,
    private readonly senderId: string,
  ) {}

  async send(message: SmsMessage): Promise<void> {
    await this.client.send(
      new PublishCommand({
        PhoneNumber: message.to.startsWith('+') ? message.to : `+86${message.to}`,
        Message: message.text,
        MessageAttributes: {
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.senderId },
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        },
      }),
    );
  }
}

/** The SNS gateway of a function granted SMS. */
export function snsSmsGateway(env: Env): SnsSmsGateway {
  return new SnsSmsGateway(
    new SNSClient({ region: optional(env, 'AWS_REGION') ?? 'cn-north-1' }),
    required(env, 'SMS_SENDER_ID'),
  );
}
