import type { DeathCause } from './types.js';

export interface TimeoutEvidence {
  /** The last TCP_INFO sample showed unacknowledged data. */
  unackedAtLastSample: boolean;
  /** The application wrote bytes after the last moment everything was known to be acked. */
  wroteSinceAllAcked: boolean;
}

// Errors the kernel reports when it gave up on a connection by timer (sk_err_soft can turn an
// ETIMEDOUT into the ICMP error seen meanwhile).
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN']);

/**
 * Socket error -> cause. By the time Node emits the error the fd is closed, so TCP_INFO cannot
 * be asked; ETIMEDOUT is split using evidence gathered before: keepalive can only time out a
 * connection with nothing in flight, so data in flight means TCP_USER_TIMEOUT did it.
 */
export function classifySocketError(
  err: NodeJS.ErrnoException,
  evidence: TimeoutEvidence,
): { cause: DeathCause; detail: string } {
  const code = err.code ?? 'UNKNOWN';
  if (code === 'ECONNRESET') return { cause: 'rst', detail: code };
  if (TIMEOUT_CODES.has(code)) {
    const inFlight = evidence.unackedAtLastSample || evidence.wroteSinceAllAcked;
    return { cause: inFlight ? 'user-timeout' : 'keepalive-timeout', detail: code };
  }
  return { cause: 'write-error', detail: code };
}
