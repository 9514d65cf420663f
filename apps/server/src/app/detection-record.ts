import type { LivenessSnapshot } from '@pulseboard/core/liveness/index';

export type DetectionState = 'suspect' | 'alive' | 'dead';

/** What the log line and the `detection` event say about one liveness transition. */
export interface DetectionRecord {
  state: DetectionState;
  cause: string;
  detail: string | null;
  connectionId: string;
  user: string;
  sessionId: string;
  remote: string;
  transport: string;
  lastHeardAt: number;
  suspectAt: number | null;
  detectedAt: number;
}

interface Connection {
  id: string;
  user: string;
  sessionId: string;
  remote: string;
  transport: string;
}

export function detectionRecord(
  c: Connection,
  state: DetectionState,
  snap: LivenessSnapshot,
): DetectionRecord {
  return {
    state,
    cause: snap.cause ?? (state === 'suspect' ? 'silence' : 'heard'),
    detail: snap.detail,
    connectionId: c.id,
    user: c.user,
    sessionId: c.sessionId,
    remote: c.remote,
    transport: c.transport,
    lastHeardAt: snap.lastHeardAt,
    suspectAt: snap.suspectAt,
    detectedAt: snap.detectedAt ?? snap.suspectAt ?? Date.now(),
  };
}
