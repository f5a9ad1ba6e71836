/**
 * What the page keeps in this tab only (sessionStorage): the last receipt and the credentials of
 * the case being tracked, so that a reload shows the same page; and the Idempotency-Key of the
 * petition being written, so that a retried submit cannot file it twice.
 */
import type { Receipt } from './api.js';

function read<T>(key: string): T | undefined {
  try {
    const text = sessionStorage.getItem(key);
    return text ? (JSON.parse(text) as T) : undefined;
  } catch {
    return undefined;
  }
}

function write(key: string, value: unknown): void {
  try {
    if (value === undefined) sessionStorage.removeItem(key);
    else sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage refused (private mode): the page still works, a reload just forgets.
  }
}

export const loadReceipt = () => read<Receipt>('portal.receipt');
export const saveReceipt = (r: Receipt) => write('portal.receipt', r);
export const loadCredentials = () => read<Receipt>('portal.track');
export const saveCredentials = (r: Receipt | undefined) => write('portal.track', r);

/** The key of the petition being written: the same until it is accepted. */
export function petitionKey(): string {
  let key = read<string>('portal.petitionKey');
  if (!key) {
    key = crypto.randomUUID();
    write('portal.petitionKey', key);
  }
  return key;
}
export const forgetPetitionKey = () => write('portal.petitionKey', undefined);
