/**
 * Every server that `npm start` and the tests run listens on 127.0.0.1 only (issue 12, item 1):
 * a TCP connect to its port on another address of this machine is refused, on 127.0.0.1 it is
 * accepted. Covers DynamoDB Local as the tests start it (in memory) and as `npm start` starts it
 * (kept under the data folder), fauxqs and the HTTP server of a running platform.
 */
import { mkdtemp, readdir, readFile, readlink, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type RunningPlatform, startPlatform } from '../../infra/local/platform.js';

/** A non-loopback IPv4 address of this machine, if it has one. */
function externalIpv4(): string | undefined {
  return Object.values(networkInterfaces())
    .flat()
    .find((a) => a !== undefined && a.family === 'IPv4' && !a.internal && !a.address.startsWith('127.'))
    ?.address;
}

const external = externalIpv4();
const noExternalAddress =
  'this machine has no non-loopback IPv4 address (os.networkInterfaces()), so there is nothing to connect to';

/** What a TCP connect to `host:port` gives: 'accepted', or the error code (ECONNREFUSED…). */
function connectOutcome(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(3_000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('accepted');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

function portOf(endpoint: string): number {
  return Number(new URL(endpoint).port);
}

/**
 * The addresses on which `pids` hold listening TCP sockets, read from /proc (Linux);
 * undefined where /proc is not there.
 */
async function listeningAddresses(pids: readonly number[]): Promise<string[] | undefined> {
  const inodes = new Set<string>();
  try {
    for (const pid of pids) {
      for (const fd of await readdir(`/proc/${pid}/fd`)) {
        const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
        if (inode) inodes.add(inode);
      }
    }
  } catch {
    return undefined;
  }
  const addresses: string[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const table = await readFile(file, 'utf8').catch(() => '');
    for (const line of table.split('\n').slice(1)) {
      const [, local, , state, , , , , , inode] = line.trim().split(/\s+/);
      if (state !== '0A' || !local || !inode || !inodes.has(inode)) continue; // 0A: LISTEN
      addresses.push(decodeProcAddress(local));
    }
  }
  return addresses;
}

/**
 * A /proc/net/tcp{,6} local address as `host:port`: `0100007F:0BB8` → `127.0.0.1:3000`; IPv6 in
 * full (`0000:…:0001`), or `::ffff:a.b.c.d` when IPv4-mapped. /proc prints 32-bit words in host
 * (little-endian) byte order.
 */
function decodeProcAddress(local: string): string {
  const [hex = '', port = ''] = local.split(':');
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((byte) => Number.parseInt(byte, 16)),
  );
  const v4Mapped = bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 255;
  const host =
    bytes.length === 4
      ? bytes.join('.')
      : v4Mapped
        ? `::ffff:${bytes.slice(12).join('.')}`
        : Array.from({ length: 8 }, (_, i) =>
            ((bytes[2 * i] ?? 0) * 256 + (bytes[2 * i + 1] ?? 0)).toString(16).padStart(4, '0'),
          ).join(':');
  return `${host}:${Number.parseInt(port, 16)}`;
}

function isLoopback(address: string): boolean {
  const host = address.slice(0, address.lastIndexOf(':'));
  return (
    host.startsWith('127.') ||
    host.startsWith('::ffff:127.') ||
    host === '0000:0000:0000:0000:0000:0000:0000:0001'
  );
}

describe('servers the tests run', () => {
  it('DynamoDB Local (in memory, from the global setup) refuses a connection on a non-loopback address', async (context) => {
    if (!external) context.skip(noExternalAddress);
    // Prepare
    const port = portOf(inject('dynamoEndpoint'));

    // Act
    const onExternal = await connectOutcome(external ?? '', port);
    const onLoopback = await connectOutcome('127.0.0.1', port);

    // Assess
    expect({ onExternal, onLoopback }).toEqual({ onExternal: 'ECONNREFUSED', onLoopback: 'accepted' });
  });
});

describe('servers `npm start` runs (a persistent platform, as main.ts starts it)', () => {
  let platform: RunningPlatform;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'petition-loopback-'));
    platform = await startPlatform({ port: 0, inMemory: false, dataDir, log: () => {} });
  });

  afterAll(async () => {
    await platform?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  const servers = [
    [
      'DynamoDB Local (kept under the data folder)',
      () => portOf(platform.env['AWS_ENDPOINT_URL_DYNAMODB'] ?? ''),
    ],
    ['fauxqs', () => portOf(platform.env['AWS_ENDPOINT_URL_SQS'] ?? '')],
    ['the HTTP server', () => platform.port],
  ] as const;

  for (const [name, port] of servers) {
    it(`${name} refuses a connection on a non-loopback address and accepts one on 127.0.0.1`, async (context) => {
      if (!external) context.skip(noExternalAddress);
      // Act
      const onExternal = await connectOutcome(external ?? '', port());
      const onLoopback = await connectOutcome('127.0.0.1', port());

      // Assess
      expect({ onExternal, onLoopback }).toEqual({ onExternal: 'ECONNREFUSED', onLoopback: 'accepted' });
    });
  }

  it('holds no listening socket outside loopback, in this process or the database JVM', async (context) => {
    // Act
    const addresses = await listeningAddresses([process.pid, platform.dynamoDbPid]);
    if (addresses === undefined) context.skip('no /proc on this machine to list listening sockets');

    // Assess
    expect(addresses?.length).toBeGreaterThanOrEqual(3);
    expect(addresses?.filter((address) => !isLoopback(address))).toEqual([]);
  });
});
