export type LivenessState = 'alive' | 'suspect' | 'dead';

export type DeathCause =
  'fin' | 'rst' | 'keepalive-timeout' | 'user-timeout' | 'heartbeat-timeout' | 'write-error' | 'tcp-state';

export interface LivenessSnapshot {
  state: LivenessState;
  cause: DeathCause | null;
  detail: string | null;
  /** Epoch ms (Date.now()) for every timestamp below. */
  since: number;
  lastHeardAt: number;
  suspectAt: number | null;
  detectedAt: number | null;
  rttMs: number | null;
}

export interface LivenessEvents {
  suspect: [LivenessSnapshot];
  alive: [LivenessSnapshot];
  dead: [LivenessSnapshot];
}
