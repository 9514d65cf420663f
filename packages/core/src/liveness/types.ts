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
  /** Learned per-packet loss (0..1, prior included); null where nothing is learned. */
  loss: number | null;
  /** The current dead deadline (ms of silence) the watch learned, within the budget. */
  deadlineMs: number | null;
}

export interface LivenessEvents {
  suspect: [LivenessSnapshot];
  alive: [LivenessSnapshot];
  dead: [LivenessSnapshot];
}
