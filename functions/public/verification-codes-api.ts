/**
 * POST /public/verification-codes `{phone}`: sends a six-digit code by SMS (through the SMS queue)
 * for the petitioner's page, within the province's limits per phone and per address (429 with
 * Retry-After beyond them).
 */
import {
  sendVerificationCode,
  type VerificationCodePorts,
} from '../../application/public/verification-codes.js';
import { verificationCodeRequestSchema } from '../../events/submissions.js';
import { rateLimiter } from '../adapters/dynamodb/rate-limiter.js';
import { verificationCodes } from '../adapters/dynamodb/verification-codes.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import type { Env } from '../runtime/environment.js';
import { httpFunction, json, jsonText, parseJson, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { provinceOf } from '../runtime/province.js';

export interface VerificationCodesApiPorts extends VerificationCodePorts {
  readonly logger: LambdaAwareLogger;
}

export function createVerificationCodesApi(ports: VerificationCodesApiPorts) {
  return httpFunction(async (event) => {
    const body = parseOr400(verificationCodeRequestSchema, parseJson(jsonText(event, 1024)));
    const sent = await sendVerificationCode(ports, {
      phone: body.phone,
      sourceAddress: event.requestContext.http.sourceIp,
    });
    return json(202, { sent: true, validUntil: sent.validUntil });
  }, ports.logger);
}

export async function composeVerificationCodesApi(
  env: Env,
  local: LocalServices = {},
): Promise<VerificationCodesApiPorts> {
  return {
    codes: verificationCodes(env),
    limiter: rateLimiter(env),
    queue: messageQueue(env, ['sms']),
    personalData: await personalDataProtector(env),
    province: await provinceOf(env),
    wallClock: systemClock,
    logger: local.logger ?? lambdaLogger('verification-codes'),
  };
}

export const handler = onLambda(() => composeVerificationCodesApi(process.env), createVerificationCodesApi);
