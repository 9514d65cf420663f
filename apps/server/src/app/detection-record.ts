import type { LivenessSnapshot } from '@pulseboard/core/liveness/index';
import type { DetectionRecord } from '../events/types.js';

export type DetectionState = DetectionRecord['state'];

/** The record of one liveness transition of connection `c` (logged and pushed as is). */
export function detectionRecord(
  c: Pick<DetectionRecord, 'user' | 'sessionId' | 'remote' | 'transport'> & { id: string },
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
