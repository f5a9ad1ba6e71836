/**
 * Staff bearer tokens for the local runtime. On AWS, Cognito issues them and API Gateway's JWT
 * authorizer checks them; locally an ES256 key pair kept in the data folder plays both parts, so
 * `npm run token` (another process) and the runtime agree without any exchange.
 *
 * Token lifetime is checked against real time, not the runtime's movable clock: like webhook
 * signatures it is transport security, and a clock jumped ahead by days must not lock staff out.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload, jwtVerify, SignJWT } from 'jose';

const staffTokenIssuer = 'petition-platform-local';
const staffTokenAudience = 'petition-staff';
export const staffSigningKeyFile = 'staff-signing-key.json';

/** Who a token speaks for. */
interface StaffIdentity {
  /** The person's id. */
  readonly sub: string;
  readonly unitId: string;
  readonly role: string;
  readonly name?: string;
}

/** The verified claims of a staff token. */
interface StaffClaims extends JWTPayload {
  readonly sub: string;
  readonly unit: string;
  readonly role: string;
  readonly name?: string;
}

export class InvalidStaffTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidStaffTokenError';
  }
}

export interface StaffTokens {
  /** Signs a token valid for `ttl` (`'12h'`, `'30m'` or seconds); 12 hours by default. */
  signStaffToken(identity: StaffIdentity, ttl?: string | number): Promise<string>;
  /** Verifies signature, issuer, audience and lifetime; throws {@link InvalidStaffTokenError}. */
  verifyStaffToken(token: string): Promise<StaffClaims>;
}

interface StoredKeyPair {
  readonly alg: 'ES256';
  readonly kid: string;
  readonly privateKey: JWK;
  readonly publicKey: JWK;
}

async function readKeyPair(file: string): Promise<StoredKeyPair | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as StoredKeyPair;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new Error(`cannot read the staff signing key ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

/** Reads the data folder's signing key pair, creating it (mode 0600) on first use. */
async function loadOrCreateKeyPair(dataDir: string): Promise<StoredKeyPair> {
  const file = join(dataDir, staffSigningKeyFile);
  const existing = await readKeyPair(file);
  if (existing) return existing;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `local-${Date.now().toString(36)}`;
  const created: StoredKeyPair = {
    alg: 'ES256',
    kid,
    privateKey: await exportJWK(privateKey),
    publicKey: await exportJWK(publicKey),
  };
  try {
    // `wx`: when the runtime and `npm run token` race, one key wins and both read it.
    await writeFile(file, `${JSON.stringify(created, null, 2)}\n`, { flag: 'wx', mode: 0o600 });
    return created;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKeyPair(file);
    if (!winner) throw error;
    return winner;
  }
}

/** Opens (or creates) the local staff token key of a data folder. */
export async function openStaffTokens(dataDir: string): Promise<StaffTokens> {
  const pair = await loadOrCreateKeyPair(dataDir);
  const privateKey = await importJWK(pair.privateKey, pair.alg);
  const publicKey = await importJWK(pair.publicKey, pair.alg);
  return {
    async signStaffToken(identity, ttl = '12h') {
      return new SignJWT({
        unit: identity.unitId,
        role: identity.role,
        ...(identity.name ? { name: identity.name } : {}),
      })
        .setProtectedHeader({ alg: pair.alg, kid: pair.kid, typ: 'JWT' })
        .setSubject(identity.sub)
        .setIssuer(staffTokenIssuer)
        .setAudience(staffTokenAudience)
        .setIssuedAt()
        .setExpirationTime(typeof ttl === 'number' ? Math.floor(Date.now() / 1000) + ttl : ttl)
        .sign(privateKey);
    },
    async verifyStaffToken(token) {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, publicKey, {
          issuer: staffTokenIssuer,
          audience: staffTokenAudience,
          algorithms: [pair.alg],
          requiredClaims: ['sub', 'exp'],
        }));
      } catch (error) {
        throw new InvalidStaffTokenError(`invalid staff token: ${(error as Error).message}`, {
          cause: error,
        });
      }
      if (typeof payload['unit'] !== 'string' || typeof payload['role'] !== 'string') {
        throw new InvalidStaffTokenError('invalid staff token: the unit and role claims must be strings');
      }
      return payload as StaffClaims;
    },
  };
}
