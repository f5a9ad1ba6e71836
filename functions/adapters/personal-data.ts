import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DecryptCommand, KMSClient } from '@aws-sdk/client-kms';
import type { PersonalDataProtector } from '../../domain/ports.js';
import { type Env, EnvironmentError, optional } from '../runtime/environment.js';

const VERSION = 'v1';

/**
 * AES-256-GCM encryption of personal data with a 32-byte data key, and HMAC-SHA256 lookup keys
 * with a separate 32-byte key. On AWS both keys are data keys unwrapped by KMS at cold start;
 * locally they come from a key file under `.data/`. A sealed value is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url, so a key rotation can add `v2` later.
 */
export class AesGcmPersonalDataProtector implements PersonalDataProtector {
  constructor(
    private readonly encryptionKey: Buffer,
    private readonly hashKey: Buffer,
  ) {
    if (encryptionKey.length !== 32 || hashKey.length !== 32) {
      throw new Error('personal data keys must be 32 bytes each');
    }
  }

  async seal(plaintext: string): Promise<string> {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  async open(sealed: string): Promise<string> {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined)
      throw new Error('not a sealed value of this platform');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }

  lookupKey(
    kind: 'identity' | 'phone' | 'query-code' | 'submission' | 'verification-code',
    value: string,
  ): string {
    return createHmac('sha256', this.hashKey).update(`${kind}:${value}`).digest('base64url');
  }
}

/**
 * The personal data protector of a function granted the keys: locally from a key file, on AWS as
 * one 64-byte KMS ciphertext unwrapped at cold start.
 */
export async function personalDataProtector(env: Env): Promise<AesGcmPersonalDataProtector> {
  const keyFile = optional(env, 'PERSONAL_DATA_KEY_FILE');
  if (keyFile) {
    const [encryption, hash] = (await readFile(keyFile, 'utf8')).trim().split(/\s+/);
    if (!encryption || !hash) throw new EnvironmentError(`${keyFile} must hold two hex keys`);
    return new AesGcmPersonalDataProtector(Buffer.from(encryption, 'hex'), Buffer.from(hash, 'hex'));
  }
  const ciphertext = optional(env, 'PERSONAL_DATA_KEYS_CIPHERTEXT');
  if (!ciphertext)
    throw new EnvironmentError(
      'PERSONAL_DATA_KEYS_CIPHERTEXT is not set: this function was not granted the personal data keys',
    );
  const kms = new KMSClient({ region: optional(env, 'AWS_REGION') ?? 'cn-north-1' });
  const result = await kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from(ciphertext, 'base64') }));
  const keys = Buffer.from(result.Plaintext ?? new Uint8Array());
  if (keys.length !== 64)
    throw new EnvironmentError('the personal data key ciphertext must unwrap to 64 bytes');
  return new AesGcmPersonalDataProtector(keys.subarray(0, 32), keys.subarray(32));
}
