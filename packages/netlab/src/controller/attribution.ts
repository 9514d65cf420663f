import type { LabClient, LabEvent } from '../types.js';
import type { Detection } from './detection.js';
import type { FaultBook } from './fault-book.js';

// Who a board record or an observer's report is about, and how long after its fault.
export interface Known {
  info: LabClient;
  address: string;
}

/** Same IP first (each virtual host has its own); else a faulted client of that user. */
export function clientFor(
  clients: Known[],
  faults: FaultBook,
  user?: string,
  ip?: string,
): Known | undefined {
  if (ip) {
    const byIp = clients.find((c) => c.address !== '' && c.address === ip);
    if (byIp) return byIp;
  }
  const ofUser = clients.filter((c) => c.info.user === user);
  return ofUser.find((c) => faults.latestFor(c.info.id)) ?? ofUser[0];
}

export function detectedEvent(
  d: Detection & { state: 'suspect' | 'offline' },
  about: Known,
  faults: FaultBook,
  now = Date.now(),
): Extract<LabEvent, { type: 'detected' }> {
  const fault = faults.latestFor(about.info.id, d.detectedAt);
  return {
    type: 'detected',
    at: now,
    clientId: about.info.id,
    user: about.info.user,
    state: d.state,
    cause: d.cause,
    lastHeardAt: d.lastHeardAt,
    detectedAt: d.detectedAt,
    // -1: no fault explains it, i.e. a false alarm.
    latencyMs: fault ? d.detectedAt - fault.startedAt : -1,
  };
}

export function notifiedEvent(
  observerId: string,
  about: Known,
  state: 'suspect' | 'offline',
  at: number,
  faults: FaultBook,
): Extract<LabEvent, { type: 'notified' }> {
  const fault = faults.latestFor(about.info.id, at);
  return {
    type: 'notified',
    at,
    observerId,
    aboutClientId: about.info.id,
    user: about.info.user,
    state,
    latencyMs: fault ? at - fault.startedAt : -1,
  };
}
