import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as C from './constants.js';
import { decodeTcpInfo, readTcpInfo, TCP_INFO_FIELDS, TCP_INFO_SIZE } from './tcp-info.js';

// Compiles tiny C programs against the installed kernel headers and compares what they print
// with our hand-written layout and constants.
function haveCc(): boolean {
  try {
    execFileSync('cc', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const cc = haveCc() && process.platform === 'linux';

function runC(source: string): Map<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'pb-cprobe-'));
  try {
    writeFileSync(join(dir, 'p.c'), source);
    execFileSync('cc', ['-o', join(dir, 'p'), join(dir, 'p.c')]);
    const out = execFileSync(join(dir, 'p'), { encoding: 'utf8' });
    return new Map(
      out
        .trim()
        .split('\n')
        .map((l) => [l.split(' ')[0]!, Number(l.split(' ')[1])]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!cc)('layout against /usr/include (skipped: needs cc on Linux)', () => {
  it('TCP_INFO field offsets match <linux/tcp.h>, and the struct holds them all', () => {
    const lines = TCP_INFO_FIELDS.map(
      ([name]) => `printf("${name} %zu\\n", offsetof(struct tcp_info, tcpi_${name}));`,
    ).join('\n');
    const got = runC(`#include <stdio.h>
#include <stddef.h>
#include <linux/tcp.h>
int main(void) {
${lines}
printf("sizeof %zu\\n", sizeof(struct tcp_info));
return 0; }`);
    for (const [name, offset] of TCP_INFO_FIELDS)
      expect({ name, offset: got.get(name) }).toEqual({ name, offset });
    // The kernel only appends to tcp_info (Debian 13's 6.12 header: 248 bytes), and reads of a
    // newer kernel's longer struct decode the same: our fields must fit, not fill it.
    expect(got.get('sizeof')).toBeGreaterThanOrEqual(TCP_INFO_SIZE);
  });

  it('socket option numbers and TCP states match <netinet/tcp.h>', () => {
    const names = [
      'SOL_SOCKET',
      'SO_KEEPALIVE',
      'IPPROTO_TCP',
      'TCP_KEEPIDLE',
      'TCP_KEEPINTVL',
      'TCP_KEEPCNT',
      'TCP_INFO',
      'TCP_USER_TIMEOUT',
    ] as const;
    const states = C.TCP_STATES.slice(1, 12).map((s) => `TCP_${s}`);
    const got = runC(`#include <stdio.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
int main(void) {
${names.map((n) => `printf("${n} %d\\n", (int)${n});`).join('\n')}
${states.map((s) => `printf("${s} %d\\n", (int)${s});`).join('\n')}
return 0; }`);
    for (const n of names) expect({ n, v: C[n] }).toEqual({ n, v: got.get(n) });
    states.forEach((s, i) => expect({ s, v: i + 1 }).toEqual({ s, v: got.get(s) }));
  });
});

describe('decodeTcpInfo', () => {
  it('reads each field from its offset and converts µs to ms', () => {
    const buf = Buffer.alloc(TCP_INFO_SIZE);
    buf.writeUInt8(1, 0); // ESTABLISHED
    buf.writeUInt8(3, 2);
    buf.writeUInt8(2, 3);
    buf.writeUInt32LE(7, 24);
    buf.writeUInt32LE(1500, 68);
    buf.writeUInt32LE(250, 72);
    buf.writeUInt32LE(42, 144);
    buf.writeBigUInt64LE(123456789n, 200);
    const info = decodeTcpInfo(buf);
    expect(info).toMatchObject({
      state: 'ESTABLISHED',
      retransmits: 3,
      probes: 2,
      unacked: 7,
      rttMs: 1.5,
      rttVarMs: 0.25,
      notsentBytes: 42,
      bytesSent: 123456789,
    });
  });

  it('reads every decoded field from its own C field', () => {
    // Which C field each decoded property comes from, and the unit it is scaled by.
    const from: Record<string, [string, number]> = {
      state: ['state', 1],
      caState: ['ca_state', 1],
      retransmits: ['retransmits', 1],
      probes: ['probes', 1],
      backoff: ['backoff', 1],
      rtoMs: ['rto', 1000],
      unacked: ['unacked', 1],
      lost: ['lost', 1],
      retrans: ['retrans', 1],
      totalRetrans: ['total_retrans', 1],
      lastDataSentMs: ['last_data_sent', 1],
      lastDataRecvMs: ['last_data_recv', 1],
      lastAckRecvMs: ['last_ack_recv', 1],
      rttMs: ['rtt', 1000],
      rttVarMs: ['rttvar', 1000],
      minRttMs: ['min_rtt', 1000],
      sndCwnd: ['snd_cwnd', 1],
      segsOut: ['segs_out', 1],
      segsIn: ['segs_in', 1],
      notsentBytes: ['notsent_bytes', 1],
      bytesAcked: ['bytes_acked', 1],
      bytesReceived: ['bytes_received', 1],
      bytesSent: ['bytes_sent', 1],
      bytesRetrans: ['bytes_retrans', 1],
    };
    const buf = Buffer.alloc(TCP_INFO_SIZE);
    const written = new Map<string, number>();
    TCP_INFO_FIELDS.forEach(([name, offset, width], i) => {
      // Distinct everywhere; u64 values above 2^32 so both halves count.
      const value =
        width === 'u8' ? (name === 'state' ? 1 : 10 + i) : width === 'u32' ? 1000 * (i + 1) + i : 2 ** 33 + i;
      if (width === 'u8') buf.writeUInt8(value, offset);
      else if (width === 'u32') buf.writeUInt32LE(value, offset);
      else buf.writeBigUInt64LE(BigInt(value), offset);
      written.set(name, value);
    });
    const info = decodeTcpInfo(buf) as unknown as Record<string, unknown>;
    expect(Object.keys(info).sort()).toEqual(Object.keys(from).sort());
    for (const [key, [field, scale]] of Object.entries(from)) {
      const want = key === 'state' ? 'ESTABLISHED' : written.get(field)! / scale;
      expect(info[key], key).toBe(want);
    }
  });

  it('leaves fields past the returned length null (older kernels return less)', () => {
    const buf = Buffer.alloc(TCP_INFO_SIZE);
    buf.writeUInt32LE(99, 144);
    const info = decodeTcpInfo(buf, 104);
    expect(info.notsentBytes).toBeNull();
    expect(info.bytesAcked).toBeNull();
  });
});

describe.skipIf(process.platform !== 'linux')('readTcpInfo on a real loopback connection', () => {
  let server: Server;
  let client: Socket;
  let accepted: Socket;
  beforeAll(async () => {
    server = createServer();
    const gotConn = new Promise<Socket>((r) => server.once('connection', r));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    client = connect(port, '127.0.0.1');
    accepted = await gotConn;
    client.write('hello');
    await new Promise((r) => accepted.once('data', r));
  });
  afterAll(() => {
    client.destroy();
    accepted.destroy();
    server.close();
  });

  it('decodes ESTABLISHED with a measured RTT and received bytes', () => {
    const info = readTcpInfo(accepted);
    expect(info).toBeDefined();
    expect(info!.state).toBe('ESTABLISHED');
    expect(info!.bytesReceived).toBe(5);
    expect(info!.unacked).toBe(0);
    expect(info!.rtoMs).toBeGreaterThanOrEqual(200);
  });
});
