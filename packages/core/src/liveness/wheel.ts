// One process-wide timer for every watched connection. Each connection owns one WheelEntry
// (its next step); due times are rounded up to a quantum so connections due together run in one
// wake-up of the process. Idle WebSocket beats are aligned on a shared grid, so 200 idle
// connections cost a handful of wake-ups per beat instead of 200 timers.

/** A timer firing this much late is taken as a stall of this process (see WheelEntry.run). */
export const STALL_MS = 20;
export const QUANTUM_MS = 5;

export interface WheelEntry {
  /** Runs at (or after) the due time; `lateMs` > STALL_MS means this process was stalled. */
  run(now: number, lateMs: number): void;
}

/** What runs a connection's next step at a time: the wheel, or the beat clock (coarser, cheaper). */
export interface Scheduler {
  schedule(entry: WheelEntry, at: number): void;
  cancel(entry: WheelEntry): void;
  /**
   * How many times its configured period periodic work riding this scheduler waits now: 1 as
   * configured (absent: 1); a beat clock past its budget says how far its beats stretched, and
   * the same connections' slow pings and samples stretch with them (beat-clock.ts).
   */
  pace?(): number;
}

export class TimerWheel implements Scheduler {
  private readonly slots = new Map<number, Set<WheelEntry>>();
  private readonly slotOf = new Map<WheelEntry, number>();
  /** Slot numbers with entries, kept sorted (few distinct slots: beats share them). */
  private readonly keys: number[] = [];
  private timer: NodeJS.Timeout | null = null;
  private armedSlot = Infinity;

  constructor(private readonly quantumMs = QUANTUM_MS) {}

  get size(): number {
    return this.slotOf.size;
  }

  /** (Re)schedules `entry` for `at` (epoch ms); an entry has at most one due time. */
  schedule(entry: WheelEntry, at: number): void {
    const slot = Math.ceil(at / this.quantumMs);
    const old = this.slotOf.get(entry);
    if (old === slot) return;
    if (old !== undefined) this.remove(entry, old);
    let set = this.slots.get(slot);
    if (!set) {
      set = new Set();
      this.slots.set(slot, set);
      this.keys.splice(this.insertAt(slot), 0, slot);
    }
    set.add(entry);
    this.slotOf.set(entry, slot);
    if (slot < this.armedSlot) this.arm();
  }

  cancel(entry: WheelEntry): void {
    const old = this.slotOf.get(entry);
    if (old !== undefined) this.remove(entry, old);
  }

  private remove(entry: WheelEntry, slot: number): void {
    this.slotOf.delete(entry);
    const set = this.slots.get(slot)!;
    set.delete(entry);
    if (set.size === 0) {
      this.slots.delete(slot);
      this.keys.splice(this.insertAt(slot), 1);
    }
  }

  private insertAt(slot: number): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.keys[mid]! < slot) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.armedSlot = Infinity;
    const first = this.keys[0];
    if (first === undefined) return;
    this.armedSlot = first;
    this.timer = setTimeout(() => this.fire(), Math.max(0, first * this.quantumMs - Date.now()));
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    this.armedSlot = Infinity;
    const now = Date.now();
    const nowSlot = Math.floor(now / this.quantumMs);
    const due: [WheelEntry, number][] = [];
    while (this.keys.length > 0 && this.keys[0]! <= nowSlot) {
      const slot = this.keys.shift()!;
      for (const e of this.slots.get(slot)!) {
        this.slotOf.delete(e);
        due.push([e, now - slot * this.quantumMs]);
      }
      this.slots.delete(slot);
    }
    for (const [e, late] of due) {
      try {
        e.run(now, late);
      } catch {
        // one connection's failure must not stop the others' timers
      }
    }
    if (this.timer === null) this.arm();
  }
}

/** The wheel every watch in this process shares. */
export const sharedWheel = new TimerWheel();
