/**
 * `GET /staff/cases/{caseId}/petitioner`: the petitioner's contact in full, for the staff who
 * must reach them, each reveal audited. A function of its own: the only staff function granted
 * the decrypting key, so that no other staff endpoint can open a sealed contact.
 */
import { type RevealContactPorts, revealContact } from '../../application/staff/reveal-contact.js';
import type { StaffClaimsConfig } from '../../domain/province/schema.js';
import { caseRepository } from '../adapters/dynamodb/case-repository.js';
import { personalDataProtector } from '../adapters/personal-data.js';
import { auditTrail } from '../runtime/audit.js';
import type { Env } from '../runtime/environment.js';
import { HttpError, httpFunction, json } from '../runtime/http.js';
import { onLambda } from '../runtime/lambda.js';
import type { LocalServices } from '../runtime/local-services.js';
import { type LambdaAwareLogger, lambdaLogger } from '../runtime/logger.js';
import { principalOf, provinceWithClaims } from './principal.js';

export interface PetitionerContactApiPorts extends RevealContactPorts {
  /** Which token claims name the staff member (province configuration). */
  readonly staffClaims: StaffClaimsConfig;
  readonly logger: LambdaAwareLogger;
}

export function createPetitionerContactApi(ports: PetitionerContactApiPorts) {
  return httpFunction(async (event) => {
    const staff = principalOf(event, ports.staffClaims);
    const caseId = event.pathParameters?.['caseId'];
    if (!caseId) throw new HttpError(400, 'invalid_request', 'the case id is missing');
    return json(200, await revealContact(ports, staff, caseId), { 'cache-control': 'no-store' });
  }, ports.logger);
}

export async function composePetitionerContactApi(
  env: Env,
  local: LocalServices = {},
): Promise<PetitionerContactApiPorts> {
  const logger = local.logger ?? lambdaLogger('petitioner-contact-api');
  return {
    cases: caseRepository(env),
    personalData: await personalDataProtector(env),
    ...(await provinceWithClaims(env)),
    logger,
    audit: auditTrail(logger),
  };
}

export const handler = onLambda(() => composePetitionerContactApi(process.env), createPetitionerContactApi);
