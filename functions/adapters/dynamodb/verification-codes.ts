/**
 * SMS verification codes (item layout in table.ts): one item per phone lookup key with the code's
 * keyed digest, never the code or the number. Using a code is one conditional update, so a code
 * is used once, by one petition, however many requests race for it.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CodeUse, VerificationCodeStore } from '../../../application/ports.js';
import type { Env } from '../../runtime/environment.js';
import { documentClient, tableName } from './client.js';
import { keys, verificationCodeFromItem, verificationCodeToItem } from './table.js';

export class DynamoVerificationCodes implements VerificationCodeStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async issue(
    phoneKey: string,
    code: { digest: string; issuedAt: string; validUntil: string },
  ): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: verificationCodeToItem(phoneKey, code) }),
    );
  }

  async use(
    phoneKey: string,
    attempt: { digest: string; now: string; usedBy: string; maxWrongAttempts: number },
  ): Promise<CodeUse> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.verificationCode(phoneKey),
          UpdateExpression: 'SET usedBy = :usedBy, usedAt = :now',
          ConditionExpression:
            'digest = :digest AND validUntil > :now AND wrong < :max AND ' +
            '(attribute_not_exists(usedBy) OR usedBy = :usedBy)',
          ExpressionAttributeValues: {
            ':usedBy': attempt.usedBy,
            ':now': attempt.now,
            ':digest': attempt.digest,
            ':max': attempt.maxWrongAttempts,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'used';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      if (!error.Item) return 'none';
      const stored = verificationCodeFromItem(unmarshall(error.Item));
      if (stored.usedBy !== undefined && stored.usedBy !== attempt.usedBy) return 'spent';
      if (stored.validUntil <= attempt.now) return 'expired';
      if (stored.wrong >= attempt.maxWrongAttempts) return 'void';
      await this.countWrong(phoneKey, stored.digest);
      return stored.wrong + 1 >= attempt.maxWrongAttempts ? 'void' : 'wrong';
    }
  }

  /** One more wrong try of the code with `digest` (not of a newer code issued meanwhile). */
  private async countWrong(phoneKey: string, digest: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.verificationCode(phoneKey),
          UpdateExpression: 'ADD wrong :one',
          ConditionExpression: 'digest = :digest',
          ExpressionAttributeValues: { ':one': 1, ':digest': digest },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** The verification codes of a function granted the table. */
export function verificationCodes(env: Env): DynamoVerificationCodes {
  return new DynamoVerificationCodes(documentClient(env), tableName(env));
}
