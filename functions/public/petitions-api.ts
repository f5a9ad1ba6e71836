/**
 * POST /public/petitions: a petition from the petitioner's page, its phone proven by the SMS code,
 * into the same intake pipeline as the web webhook. `Idempotency-Key` is required: the same key
 * from the same phone gives the same answer.
 */
import { InvalidRequestError } from '../../application/errors.js';
import { type SubmitPetitionPorts, submitPetition } from '../../application/public/submit-petition.js';
import { idempotencyKeySchema, portalPetitionSchema } from '../../events/submissions.js';
import { submissionStore } from '../adapters/dynamodb/submission-store.js';
import { verificationCodes } from '../adapters/dynamodb/verification-codes.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { messageQueue } from '../adapters/sqs-message-queue.js';
import type { Env } from '../runtime/environment.js';
import { header, httpFunction, json, jsonText, parseJson, parseOr400 } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import { type LocalServices, systemClock } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { provinceOf } from '../runtime/province.js';

export interface PetitionsApiPorts extends SubmitPetitionPorts {
  readonly logger: LambdaAwareLogger;
}

export function createPetitionsApi(ports: PetitionsApiPorts) {
  return httpFunction(async (event) => {
    const key = idempotencyKeySchema.safeParse(header(event, 'idempotency-key'));
    if (!key.success)
      throw new InvalidRequestError(
        [{ field: 'Idempotency-Key', problem: 'required header: 8 to 128 letters, digits or _ . : -' }],
        'headers',
      );
    const body = parseOr400(portalPetitionSchema, parseJson(jsonText(event)));
    const receipt = await submitPetition(ports, body, key.data);
    return json(202, {
      trackingNumber: receipt.trackingNumber,
      queryCode: receipt.queryCode,
      status: 'received',
    });
  }, ports.logger);
}

export async function composePetitionsApi(env: Env, local: LocalServices = {}): Promise<PetitionsApiPorts> {
  return {
    submissions: submissionStore(env),
    codes: verificationCodes(env),
    queue: messageQueue(env, ['intake']),
    personalData: await personalDataProtector(env),
    province: await provinceOf(env),
    clock: local.clock ?? systemClock,
    wallClock: systemClock,
    logger: local.logger ?? lambdaLogger('petitions'),
  };
}

export const handler = onLambda(() => composePetitionsApi(process.env), createPetitionsApi);
