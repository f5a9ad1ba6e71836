/**
 * What the local runtime keeps in its data folder besides the database: the personal-data keys,
 * the clock's offset (so a restart resumes simulated time), the SMS outbox and a queue snapshot.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Files of a data folder. */
export function dataFolderFiles(dataDir: string) {
  return {
    personalDataKey: join(dataDir, 'personal-data.key'),
    dynamodb: join(dataDir, 'dynamodb'),
    clock: join(dataDir, 'clock.json'),
    smsOutbox: join(dataDir, 'sms-outbox.jsonl'),
    queueSnapshot: join(dataDir, 'queues.json'),
    streamPositions: join(dataDir, 'stream-positions.json'),
  } as const;
}

/** Creates the personal-data key file (two random 32-byte keys, hex, one a line, mode 0600) if missing. */
export async function ensurePersonalDataKey(file: string): Promise<void> {
  const keys = `${randomBytes(32).toString('hex')}\n${randomBytes(32).toString('hex')}\n`;
  try {
    await writeFile(file, keys, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** The clock offset saved by an earlier run, if any. */
export function readClockOffset(file: string): number | undefined {
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown };
    return typeof saved.offsetMs === 'number' && Number.isFinite(saved.offsetMs) ? saved.offsetMs : undefined;
  } catch {
    return undefined;
  }
}

export function writeClockOffset(file: string, offsetMs: number): void {
  writeFileSync(file, `${JSON.stringify({ offsetMs, savedAt: new Date().toISOString() })}\n`);
}
