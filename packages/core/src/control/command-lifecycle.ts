import { PulseboardError } from '../errors.js';
import type { LineValue } from '../hardware/board.js';

// One command's story, told once and never contradicted: pending -> confirmed | failed |
// unknown, and unknown -> confirmed (applied late) | failed. A timeout makes a command
// *unknown*, not failed: only the hardware (its acknowledgement and the line's read-back) may
// settle it, so nothing is ever reported failed and then applied.

export type CommandStatus = 'pending' | 'confirmed' | 'failed' | 'unknown';

const next: Record<CommandStatus, readonly CommandStatus[]> = {
  pending: ['confirmed', 'failed', 'unknown'],
  unknown: ['confirmed', 'failed'],
  confirmed: [],
  failed: [],
};

export class CommandLifecycle {
  #status: CommandStatus = 'pending';
  #timedOutAt: number | null = null;

  constructor(readonly id: string) {}

  get status(): CommandStatus {
    return this.#status;
  }

  /** When the command went unknown (its timeout), or null. */
  get timedOutAt(): number | null {
    return this.#timedOutAt;
  }

  /** True once settled as confirmed or failed; unknown is not settled (the hardware may still answer). */
  get settled(): boolean {
    return this.#status === 'confirmed' || this.#status === 'failed';
  }

  /** Moves to `status`; throws on a transition that would contradict what was already reported. */
  to(status: CommandStatus, at: number): void {
    if (!next[this.#status].includes(status)) {
      throw new Error(`CommandLifecycle ${this.id}: ${this.#status} -> ${status} is not allowed`);
    }
    if (status === 'unknown') this.#timedOutAt = at;
    this.#status = status;
  }
}

/** What the hardware said about one write: its acknowledgement (or error) and the line's read-back. */
export type WriteResult =
  | { ok: true; readBack: LineValue | null }
  | { ok: false; error: PulseboardError; readBack: LineValue | null };

export type Outcome =
  { status: 'confirmed'; value: LineValue } | { status: 'failed'; error: PulseboardError };

/**
 * The verdict on a write that settled. The read-back is the truth: an acknowledged write whose
 * line reads otherwise failed (READBACK_MISMATCH). A read-back that could not be taken leaves
 * the acknowledgement as the only evidence.
 */
export function outcomeOf(line: string, wanted: LineValue, result: WriteResult): Outcome {
  if (!result.ok) return { status: 'failed', error: result.error };
  if (result.readBack === null || result.readBack === wanted) return { status: 'confirmed', value: wanted };
  return {
    status: 'failed',
    error: new PulseboardError(
      'READBACK_MISMATCH',
      `${line} was written ${wanted} but reads ${result.readBack}`,
      { line, wanted, readBack: result.readBack },
    ),
  };
}
