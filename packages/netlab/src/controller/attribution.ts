import type { Transport } from '@pulseboard/core/presence/index';
import type { ClientKind, LabClient, LabEvent } from '../types.js';
import type { Detection } from './detection.js';
import type { FaultBook } from './fault-book.js';

// Who a board record or an observer's report is about, and how long after its fault.
export interface Known {
  info: LabClient;
  address: string;
}

/**
 * The connection whose death is a client's: the stream each kind holds open. Its other
 * connections are not its link: a browser loads the panel over keep-alive sockets that it may
 * close (FIN) just before its WebSocket joins, and the board rightly records those ends.
 */
export const LINK_TRANSPORT: Record<ClientKind, Transport> = {
  tcp: 'sse',
  http: 'http',
  sse: 'sse',
  ws: 'ws',
  browser: 'ws',
};

/**
 * The virtual client a board detection is about, by the remote address the board saw.
 *
 * - `own`: the lab's own addresses (the uplink: the board watch, the panel proxy and a browser on
 *   the host side all reach the board from there). A detection from one of them is about the lab,
 *   never about a virtual client, whatever user it names.
 * - Each namespace host has its own address, so a client with a known address is found by it
 *   alone: a remote no such client has is somebody else's connection (the same user may hold
 *   several, e.g. the panel framed in the lab UI), not that client's.
 * - By user name only for clients whose address the lab does not know (the Docker engine adopts
 *   them without one), or when the record carries no remote at all.
 * - Only a record of the client's link counts (LINK_TRANSPORT), when the record names its
 *   transport: the end of a page-load socket is not the client going away.
 */
export function clientForDetection(
  clients: Known[],
  faults: FaultBook,
  d: { user?: string; remoteIp?: string; transport?: Transport },
  own: readonly string[] = [],
): Known | undefined {
  const about = clientOf(clients, faults, d, own);
  return about && (!d.transport || d.transport === LINK_TRANSPORT[about.info.kind]) ? about : undefined;
}

function clientOf(
  clients: Known[],
  faults: FaultBook,
  d: { user?: string; remoteIp?: string },
  own: readonly string[],
): Known | undefined {
  const ip = d.remoteIp;
  if (ip) {
    if (own.includes(ip)) return undefined;
    const byIp = clients.find((c) => c.address !== '' && c.address === ip);
    if (byIp) return byIp;
  }
  const unknownAddress = ip ? clients.filter((c) => c.address === '') : clients;
  return clientOfUser(unknownAddress, faults, d.user);
}

/** A client of `user` (observers report presence by user): the faulted one first. */
export function clientOfUser(clients: Known[], faults: FaultBook, user?: string): Known | undefined {
  if (user === undefined) return undefined;
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
    ...(d.connectionId ? { connectionId: d.connectionId } : {}),
    ...(fault ? { faultId: fault.id } : {}),
    user: about.info.user,
    state: d.state,
    cause: d.cause,
    lastHeardAt: d.lastHeardAt,
    detectedAt: d.detectedAt,
    // -1: no fault explains it, i.e. a false alarm; 0: noticed before its command was done.
    latencyMs: fault ? Math.max(0, d.detectedAt - fault.startedAt) : -1,
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
    ...(fault ? { faultId: fault.id } : {}),
    user: about.info.user,
    state,
    latencyMs: fault ? Math.max(0, at - fault.startedAt) : -1,
  };
}
