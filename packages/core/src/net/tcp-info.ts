import type { Socket } from 'node:net';
import { IPPROTO_TCP, TCP_INFO, TCP_STATES, type TcpStateName } from './constants.js';
import { socketFd } from './fd.js';
import { loadLibc } from './libc.js';

// struct tcp_info from <linux/tcp.h>: [C field name, byte offset, width]. tcp-info.test.ts
// compiles a probe against the installed header and compares every entry, so a wrong offset
// fails a test instead of producing plausible garbage.
export const TCP_INFO_FIELDS = [
  ['state', 0, 'u8'],
  ['ca_state', 1, 'u8'],
  ['retransmits', 2, 'u8'],
  ['probes', 3, 'u8'],
  ['backoff', 4, 'u8'],
  ['options', 5, 'u8'],
  ['rto', 8, 'u32'],
  ['ato', 12, 'u32'],
  ['snd_mss', 16, 'u32'],
  ['rcv_mss', 20, 'u32'],
  ['unacked', 24, 'u32'],
  ['sacked', 28, 'u32'],
  ['lost', 32, 'u32'],
  ['retrans', 36, 'u32'],
  ['last_data_sent', 44, 'u32'],
  ['last_data_recv', 52, 'u32'],
  ['last_ack_recv', 56, 'u32'],
  ['pmtu', 60, 'u32'],
  ['rtt', 68, 'u32'],
  ['rttvar', 72, 'u32'],
  ['snd_cwnd', 80, 'u32'],
  ['total_retrans', 100, 'u32'],
  ['bytes_acked', 120, 'u64'],
  ['bytes_received', 128, 'u64'],
  ['segs_out', 136, 'u32'],
  ['segs_in', 140, 'u32'],
  ['notsent_bytes', 144, 'u32'],
  ['min_rtt', 148, 'u32'],
  ['bytes_sent', 200, 'u64'],
  ['bytes_retrans', 208, 'u64'],
  ['snd_wnd', 228, 'u32'],
] as const;

/** sizeof(struct tcp_info) in the header this layout was written against. */
export const TCP_INFO_SIZE = 232;

type CField = (typeof TCP_INFO_FIELDS)[number][0];
type Raw = Partial<Record<CField, number>>;

/** The decoded subset, in units a log line can show (ms, not µs). */
export interface TcpInfo {
  state: TcpStateName;
  caState: number;
  /** Unrecovered RTO timeouts in a row (the retransmission backoff counter). */
  retransmits: number;
  /** Unanswered keepalive / zero-window probes. */
  probes: number;
  backoff: number;
  rtoMs: number;
  unacked: number;
  lost: number;
  retrans: number;
  totalRetrans: number;
  lastDataSentMs: number;
  lastDataRecvMs: number;
  lastAckRecvMs: number;
  rttMs: number;
  rttVarMs: number;
  minRttMs: number | null;
  sndCwnd: number;
  segsOut: number;
  segsIn: number;
  notsentBytes: number | null;
  bytesAcked: number | null;
  bytesReceived: number | null;
  bytesSent: number | null;
  bytesRetrans: number | null;
}

/** Decodes the first `length` bytes the kernel returned; fields past it come back null. */
export function decodeTcpInfo(buf: Buffer, length = buf.length): TcpInfo {
  const raw: Raw = {};
  for (const [name, offset, width] of TCP_INFO_FIELDS) {
    const size = width === 'u8' ? 1 : width === 'u32' ? 4 : 8;
    if (offset + size > length) continue;
    raw[name] =
      width === 'u8'
        ? buf.readUInt8(offset)
        : width === 'u32'
          ? buf.readUInt32LE(offset)
          : Number(buf.readBigUInt64LE(offset));
  }
  const n = (f: CField) => raw[f] ?? 0;
  const opt = (f: CField) => raw[f] ?? null;
  const us = (f: CField) => n(f) / 1000;
  return {
    state: TCP_STATES[n('state')] ?? 'UNKNOWN',
    caState: n('ca_state'),
    retransmits: n('retransmits'),
    probes: n('probes'),
    backoff: n('backoff'),
    rtoMs: us('rto'),
    unacked: n('unacked'),
    lost: n('lost'),
    retrans: n('retrans'),
    totalRetrans: n('total_retrans'),
    lastDataSentMs: n('last_data_sent'),
    lastDataRecvMs: n('last_data_recv'),
    lastAckRecvMs: n('last_ack_recv'),
    rttMs: us('rtt'),
    rttVarMs: us('rttvar'),
    minRttMs: raw.min_rtt === undefined ? null : us('min_rtt'),
    sndCwnd: n('snd_cwnd'),
    segsOut: n('segs_out'),
    segsIn: n('segs_in'),
    notsentBytes: opt('notsent_bytes'),
    bytesAcked: opt('bytes_acked'),
    bytesReceived: opt('bytes_received'),
    bytesSent: opt('bytes_sent'),
    bytesRetrans: opt('bytes_retrans'),
  };
}

/**
 * One getsockopt(TCP_INFO) (~11 µs through ffi-rs). Undefined without FFI or without an fd.
 * Call it per connection when needed, never in a loop over all sockets.
 */
export function readTcpInfo(socket: Socket): TcpInfo | undefined {
  const loaded = loadLibc();
  const fd = socketFd(socket);
  if (!loaded.ok || fd === undefined) return undefined;
  const buf = Buffer.alloc(256);
  try {
    const length = loaded.libc.getBytes(fd, IPPROTO_TCP, TCP_INFO, buf);
    return decodeTcpInfo(buf, length);
  } catch {
    return undefined; // fd closed under us: the socket's own events report why
  }
}
