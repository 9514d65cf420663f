import type { PulseboardError } from '../errors.js';
import type { Board, LineValue } from './board.js';

// The one interface every hardware backend implements. Values are logical (1 = on), so a
// driver applies active-low itself; `write` resolves only when the hardware acknowledged.

export interface InputEdge {
  line: string;
  value: LineValue;
  edge: 'rising' | 'falling';
  /** Epoch ms when the driver saw the edge. */
  at: number;
  /** Kernel event timestamp (ns, CLOCK_MONOTONIC) when the driver has one. */
  timestampNs?: bigint;
  /** Events the kernel dropped before this one (seqno gap); 0 when none were lost. */
  missed: number;
}

export type EdgeListener = (edge: InputEdge) => void;

/** Lines that stopped working (e.g. their GPIO chip was unplugged); they stay failed. */
export interface LineFault {
  lines: string[];
  error: PulseboardError;
}

export type FaultListener = (fault: LineFault) => void;

export interface BoardDriver {
  readonly kind: string;
  /** Claims every line of the board for the life of the process (until close). */
  open(board: Board): Promise<void>;
  read(line: string): Promise<LineValue>;
  /** Resolves once the hardware acknowledged the new value; rejects with DRIVER_ERROR. */
  write(line: string, value: LineValue): Promise<void>;
  /** Subscribes to input edges; returns the unsubscribe function. */
  onEdge(listener: EdgeListener): () => void;
  /** Subscribes to line faults the driver notices on its own (no command running). */
  onFault?(listener: FaultListener): () => void;
  close(): Promise<void>;
}
