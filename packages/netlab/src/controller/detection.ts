// Server detection records: the board logs exactly one JSON line per liveness transition of a
// connection, `{ event: 'detection', state: 'suspect' | 'alive' | 'dead', cause, connectionId,
// user, remote, lastHeardAt, suspectAt, detectedAt }` (apps/server live-connections.ts), and
// broadcasts the same record on its event stream. Only that record is a detection: other log
// lines carry `detectedAt` too (the failsafe line quotes the detection that triggered it), and
// reading those as detections counted one connection death twice.
import { isTransport, type Transport } from '@pulseboard/core/presence/index';

export interface Detection {
  user?: string;
  /** Which kind of connection it was, when the record says. */
  transport?: Transport;
  /** The server's id of the connection that changed state. */
  connectionId?: string;
  /** Client IP as the server saw it (IPv4, without ::ffff: or port). */
  remoteIp?: string;
  /** 'alive': heard again after a suspect (a recovery, not a detection). */
  state: 'suspect' | 'offline' | 'alive';
  cause: string;
  lastHeardAt: number;
  detectedAt: number;
}

function ipOf(remote: unknown): string | undefined {
  if (typeof remote !== 'string') return undefined;
  const noMapped = remote.replace(/^::ffff:/, '');
  const m = /^(\d+\.\d+\.\d+\.\d+)/.exec(noMapped);
  return m ? m[1] : noMapped;
}

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** A parsed `event: 'detection'` record (an object from the event stream, or a log line). */
export function detectionOf(o: Record<string, unknown>): Detection | undefined {
  if (o.event !== 'detection') return undefined;
  const state = o.state === 'dead' ? 'offline' : o.state;
  if (state !== 'suspect' && state !== 'offline' && state !== 'alive') return undefined;
  const at = state === 'suspect' ? (num(o.suspectAt) ?? num(o.detectedAt)) : num(o.detectedAt);
  if (at === undefined) return undefined;
  return {
    user: str(o.user),
    ...(isTransport(o.transport) ? { transport: o.transport } : {}),
    connectionId: str(o.connectionId),
    remoteIp: ipOf(o.remote),
    state,
    cause: str(o.cause) ?? (state === 'suspect' ? 'silence' : 'unknown'),
    lastHeardAt: num(o.lastHeardAt) ?? at,
    detectedAt: at,
  };
}

/** One line of the board's log -> its detection record, if it is one. */
export function parseDetection(line: string): Detection | undefined {
  if (!line.includes('"detection"')) return undefined;
  try {
    const o: unknown = JSON.parse(line);
    return o && typeof o === 'object' ? detectionOf(o as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
