import type { Board, LineSpec, LineValue } from '../hardware/board.js';

// The confirmed state of every line: what the server tells every client. `value` is what the
// hardware reads back (after an acknowledged write, an input edge, or a settled command), never
// the intent; `pending` shows the latest accepted command, `unknown` a running one the hardware
// has not answered in time, `mismatch` a write the line does not hold.

export interface ChangedBy {
  user: string;
  sessionId: string;
  at: number;
  /** The write was acknowledged after its command had timed out (it went unknown first). */
  late?: boolean;
}

export interface LineState {
  name: string;
  label: string;
  /** The board file's words for 1 and 0, when it has them. */
  states: { on: string; off: string } | null;
  direction: 'in' | 'out';
  value: LineValue | null;
  pending: LineValue | null;
  failsafe: boolean;
  safeValue: LineValue;
  pulseMs: number | null;
  lastChangedBy: ChangedBy | null;
  fault: { code: string; message: string; at: number } | null;
  /** The running command timed out: its value may still land; the hardware will settle it. */
  unknown: { value: LineValue; since: number } | null;
  /** The last acknowledged write that the line does not hold (`value` is what it reads). */
  mismatch: { wanted: LineValue; at: number } | null;
}

interface Outstanding {
  id: string;
  value: LineValue;
}

export class LineStateTable {
  private states = new Map<string, LineState>();
  private outstanding = new Map<string, Outstanding[]>();
  /** Per line, the id of the command whose outcome is unknown. */
  private unknownIds = new Map<string, string>();

  constructor(board: Board) {
    for (const line of board.lines) this.states.set(line.name, initial(line));
  }

  get(name: string): LineState | undefined {
    const s = this.states.get(name);
    return s && { ...s };
  }

  all(): LineState[] {
    return [...this.states.values()].map((s) => ({ ...s }));
  }

  /** A command was accepted: it becomes the pending value until it settles. */
  begin(name: string, id: string, value: LineValue): LineState {
    const list = this.outstanding.get(name) ?? [];
    list.push({ id, value });
    this.outstanding.set(name, list);
    return this.patch(name, { pending: value });
  }

  /** The hardware holds `value` (mid-command for a pulse, so `id` may still be outstanding). */
  confirm(name: string, value: LineValue, by: ChangedBy | null): LineState {
    return this.patch(name, { value, fault: null, mismatch: null, ...(by ? { lastChangedBy: by } : {}) });
  }

  /** The command `id` timed out while running: its outcome is unknown until the hardware answers. */
  markUnknown(name: string, id: string, value: LineValue, at: number): LineState {
    this.unknownIds.set(name, id);
    return this.patch(name, { unknown: { value, since: at } });
  }

  /** A failed write's read-back: the line shows what it holds (and `mismatch`, an acknowledged value it does not hold). */
  readBack(name: string, value: LineValue, mismatch: LineValue | null, at: number): LineState {
    return this.patch(name, { value, mismatch: mismatch === null ? null : { wanted: mismatch, at } });
  }

  /** The command `id` settled; the pending value falls back to the next outstanding one. */
  settle(name: string, id: string, fault?: { code: string; message: string; at: number }): LineState {
    const list = (this.outstanding.get(name) ?? []).filter((o) => o.id !== id);
    this.outstanding.set(name, list);
    const unknownSettled = this.unknownIds.get(name) === id;
    if (unknownSettled) this.unknownIds.delete(name);
    return this.patch(name, {
      pending: list.at(-1)?.value ?? null,
      ...(unknownSettled ? { unknown: null } : {}),
      ...(fault ? { fault } : {}),
    });
  }

  /** The line stopped working (its chip is gone): its value is unknown until it works again. */
  fail(name: string, fault: { code: string; message: string; at: number }): LineState {
    return this.patch(name, { value: null, fault });
  }

  private patch(name: string, changes: Partial<LineState>): LineState {
    const s = this.states.get(name);
    if (!s) throw new Error(`LineStateTable: unknown line ${name}`);
    Object.assign(s, changes);
    return { ...s };
  }
}

function initial(line: LineSpec): LineState {
  return {
    name: line.name,
    label: line.label,
    states: line.states ?? null,
    direction: line.direction,
    value: null,
    pending: null,
    failsafe: line.failsafe,
    safeValue: line.safeValue,
    pulseMs: line.pulseMs ?? null,
    lastChangedBy: null,
    fault: null,
    unknown: null,
    mismatch: null,
  };
}
