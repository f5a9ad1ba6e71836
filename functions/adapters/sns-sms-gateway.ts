import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsGateway, SmsMessage } from '../../domain/ports.js';

/**
 * Sends SMS through Amazon SNS. A province with its own SMS gateway replaces this adapter; the
 * port stays the same. The phone number is never logged.
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
