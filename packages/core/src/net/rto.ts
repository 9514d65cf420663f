import { AF_INET, IPPROTO_TCP, SOCK_STREAM, TCP_RTO_MAX_MS, TCP_RTO_MIN_US } from './constants.js';
import { loadLibc, type Libc } from './libc.js';

// Per-socket RTO bounds. Linux's minimum RTO is 200 ms, so a lost heartbeat on a 1 ms LAN costs
// >= 200 ms before TCP resends it. Two options let one socket change that:
// - TCP_RTO_MAX_MS (44): commit 54a378f43425 "tcp: add the ability to control max RTO"
//   (Eric Dumazet, net-next Feb 2025), first released in Linux 6.15; 1000..120000 ms.
// - TCP_RTO_MIN_US (45): commit f38805c5d26f "tcp: support TCP_RTO_MIN_US for set/getsockopt use"
//   (Jason Xing, net-next Mar 2025, pulled with net-next-6.15), Linux 6.15; from 2 jiffies
//   to 200 ms, kept in jiffies (rounded up).
// Older kernels answer ENOPROTOOPT. An `ip route ... rto_min` metric still wins over the option.

/** What this kernel lets one socket do with its RTO; probed once on a throwaway socket. */
export interface RtoSupport {
  minUs: boolean;
  maxMs: boolean;
  /** Why not (null when both work). */
  reason: string | null;
}

const ENOPROTOOPT = 92;
let cached: RtoSupport | undefined;

export function rtoSupport(): RtoSupport {
  cached ??= probe();
  return cached;
}

/** For tests: probe again (e.g. after PULSEBOARD_NO_FFI changed). */
export function resetRtoSupportForTests(): void {
  cached = undefined;
}

function probe(): RtoSupport {
  const loaded = loadLibc();
  if (!loaded.ok) return { minUs: false, maxMs: false, reason: loaded.reason };
  const { libc } = loaded;
  let fd: number;
  try {
    fd = libc.socket(AF_INET, SOCK_STREAM, 0);
  } catch (err) {
    return { minUs: false, maxMs: false, reason: (err as Error).message };
  }
  try {
    const min = trySet(libc, fd, TCP_RTO_MIN_US, 50_000);
    const max = trySet(libc, fd, TCP_RTO_MAX_MS, 60_000);
    const reasons = [min, max].filter((r): r is string => r !== null);
    return { minUs: min === null, maxMs: max === null, reason: reasons.length ? reasons.join('; ') : null };
  } finally {
    libc.close(fd);
  }
}

function trySet(libc: Libc, fd: number, name: number, value: number): string | null {
  try {
    libc.setInt(fd, IPPROTO_TCP, name, value);
    return libc.getInt(fd, IPPROTO_TCP, name) > 0 ? null : `option ${name} reads back 0`;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const label = name === TCP_RTO_MIN_US ? 'TCP_RTO_MIN_US' : 'TCP_RTO_MAX_MS';
    return e.errno === ENOPROTOOPT
      ? `${label} not supported by this kernel (needs Linux >= 6.15)`
      : `${label}: ${e.message}`;
  }
}
