import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { PersonalDataProtector } from '../../domain/ports.js';

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

  lookupKey(kind: 'identity' | 'phone' | 'query-code', value: string): string {
    return createHmac('sha256', this.hashKey).update(`${kind}:${value}`).digest('base64url');
  }
}

/** Masks a mainland mobile number for listings: 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

/** Masks an identity number: keeps the region prefix and the last character. */
export function maskIdNumber(idNumber: string): string {
  return idNumber.length >= 8 ? `${idNumber.slice(0, 6)}********${idNumber.slice(-1)}` : '****';
}
