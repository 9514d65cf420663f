import type { Board, LineSpec, LineValue } from '../hardware/board.js';

// The confirmed state of every line: what the server tells every client. `value` changes only
// on a driver acknowledgement or an input edge; `pending` shows the latest accepted command.

export interface ChangedBy {
  user: string;
  sessionId: string;
  at: number;
}

export interface LineState {
  name: string;
  label: string;
  direction: 'in' | 'out';
  value: LineValue | null;
  pending: LineValue | null;
  failsafe: boolean;
  safeValue: LineValue;
  pulseMs: number | null;
  lastChangedBy: ChangedBy | null;
  fault: { code: string; message: string; at: number } | null;
}

interface Outstanding {
  id: string;
  value: LineValue;
}

export class LineStateTable {
  private states = new Map<string, LineState>();
  private outstanding = new Map<string, Outstanding[]>();

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

  /** The hardware acknowledged `value` (mid-command for a pulse, so `id` may still be outstanding). */
  confirm(name: string, value: LineValue, by: ChangedBy | null): LineState {
    return this.patch(name, { value, fault: null, ...(by ? { lastChangedBy: by } : {}) });
  }

  /** The command `id` settled; the pending value falls back to the next outstanding one. */
  settle(name: string, id: string, fault?: { code: string; message: string; at: number }): LineState {
    const list = (this.outstanding.get(name) ?? []).filter((o) => o.id !== id);
    this.outstanding.set(name, list);
    return this.patch(name, { pending: list.at(-1)?.value ?? null, ...(fault ? { fault } : {}) });
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
    direction: line.direction,
    value: null,
    pending: null,
    failsafe: line.failsafe,
    safeValue: line.safeValue,
    pulseMs: line.pulseMs ?? null,
    lastChangedBy: null,
    fault: null,
  };
}
