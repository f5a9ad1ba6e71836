import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  InvalidStaffTokenError,
  openStaffTokens,
  staffSigningKeyFile,
} from '../../infra/local/staff-tokens.js';

describe('local staff tokens', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'staff-tokens-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('verifies a token it signed and returns its claims', async () => {
    // Prepare
    const tokens = await openStaffTokens(dataDir);
    const token = await tokens.signStaffToken({
      sub: 'p-7',
      unitId: '330106-xinfang',
      role: 'triage_officer',
      name: '王芳',
    });

    // Act
    const claims = await tokens.verifyStaffToken(token);

    // Assess
    expect(claims).toMatchObject({
      sub: 'p-7',
      unit: '330106-xinfang',
      role: 'triage_officer',
      name: '王芳',
      iss: 'petition-platform-local',
      aud: 'petition-staff',
    });
  });

  it('keeps the key in the data folder, private, so another process verifies the same tokens', async () => {
    // Prepare
    const token = await (await openStaffTokens(dataDir)).signStaffToken({
      sub: 'p-1',
      unitId: '330106-xinfang',
      role: 'registrar',
    });

    // Act
    const claims = await (await openStaffTokens(dataDir)).verifyStaffToken(token);
    const mode = (await stat(join(dataDir, staffSigningKeyFile))).mode & 0o777;

    // Assess
    expect(claims.role).toBe('registrar');
    expect(mode).toBe(0o600);
  });

  it('refuses a token signed with another data folder’s key', async () => {
    // Prepare
    const otherDir = await mkdtemp(join(tmpdir(), 'staff-tokens-other-'));
    const foreign = await (await openStaffTokens(otherDir)).signStaffToken({
      sub: 'p-1',
      unitId: '330106-xinfang',
      role: 'admin',
    });
    await rm(otherDir, { recursive: true, force: true });
    const tokens = await openStaffTokens(dataDir);

    // Act
    const verify = tokens.verifyStaffToken(foreign);

    // Assess
    await expect(verify).rejects.toThrow(InvalidStaffTokenError);
  });

  it('refuses an expired token', async () => {
    // Prepare
    const tokens = await openStaffTokens(dataDir);
    const expired = await tokens.signStaffToken(
      { sub: 'p-1', unitId: '330106-xinfang', role: 'handler' },
      -60,
    );

    // Act
    const verify = tokens.verifyStaffToken(expired);

    // Assess
    await expect(verify).rejects.toThrow(/exp/);
  });

  it('refuses a token whose claims were altered', async () => {
    // Prepare
    const tokens = await openStaffTokens(dataDir);
    const token = await tokens.signStaffToken({ sub: 'p-1', unitId: '330106-xinfang', role: 'handler' });
    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');

    // Act
    const verify = tokens.verifyStaffToken(`${header}.${forged}.${signature}`);

    // Assess
    await expect(verify).rejects.toThrow(InvalidStaffTokenError);
  });
});
