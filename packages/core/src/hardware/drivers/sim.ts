import { PulseboardError } from '../../errors.js';
import type { Board, LineSpec, LineValue } from '../board.js';
import type { BoardDriver, EdgeListener } from '../driver.js';

export interface SimDriverOptions {
  /** Time from write() to acknowledgement; real relays take a while. */
  latencyMs?: number;
}

export type SimFault =
  /** The line never acknowledges (a wedged bus); writes hang until the fault is cleared. */
  | { kind: 'stuck' }
  /** Writes (and reads) fail with DRIVER_ERROR. */
  | { kind: 'error'; message?: string }
  /** Writes are acknowledged but the line keeps its value (a relay with a dead coil): read-back tells. */
  | { kind: 'no-effect' };

const defaults: Required<SimDriverOptions> = { latencyMs: 200 };

/**
 * An in-memory board: the default for development, tests, the lab and benchmarks. A write is
 * like a relay's: once started it cannot be called back, so a write slower than the command
 * timeout lands late (the controller then reports it "applied late").
 */
export class SimDriver implements BoardDriver {
  readonly kind = 'sim';
  readonly options: Required<SimDriverOptions>;
  private lines = new Map<string, LineSpec>();
  private values = new Map<string, LineValue>();
  private faults = new Map<string, SimFault>();
  private stuckWaiters = new Map<string, Array<() => void>>();
  private debounceTimers = new Map<string, NodeJS.Timeout>();
  private listeners = new Set<EdgeListener>();
  private opened = false;

  constructor(options: SimDriverOptions = {}) {
    this.options = { ...defaults, ...options };
    const { latencyMs } = this.options;
    if (!Number.isFinite(latencyMs) || latencyMs < 0) {
      throw new TypeError('SimDriver: latencyMs must be a finite number >= 0');
    }
  }

  async open(board: Board): Promise<void> {
    for (const line of board.lines) {
      this.lines.set(line.name, line);
      // Outputs power up at their safe value, like a relay board with pull-downs.
      this.values.set(line.name, line.direction === 'out' ? line.safeValue : 0);
    }
    this.opened = true;
  }

  async read(name: string): Promise<LineValue> {
    this.lineOrThrow(name);
    this.throwIfErrorFault(name);
    return this.values.get(name) ?? 0;
  }

  async write(name: string, value: LineValue): Promise<void> {
    const line = this.lineOrThrow(name);
    if (line.direction !== 'out') throw new PulseboardError('LINE_NOT_OUTPUT', undefined, { line: name });
    this.throwIfErrorFault(name);
    if (this.options.latencyMs > 0) await sleep(this.options.latencyMs);
    if (this.faults.get(name)?.kind === 'stuck') {
      await new Promise<void>((resolve) => this.stuckWaiters.get(name)?.push(resolve));
    }
    this.throwIfErrorFault(name);
    if (this.faults.get(name)?.kind === 'no-effect') return;
    this.values.set(name, value);
  }

  onEdge(listener: EdgeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async close(): Promise<void> {
    this.opened = false;
    for (const timer of this.debounceTimers.values()) clearTimeout(timer);
    this.debounceTimers.clear();
    this.listeners.clear();
  }

  /** Drives an input as the outside world would (a button press); honours debounceMs. */
  simulateInput(name: string, value: LineValue): void {
    const line = this.lineOrThrow(name);
    if (line.direction !== 'in') throw new TypeError(`SimDriver: ${name} is not an input`);
    const apply = (): void => {
      this.debounceTimers.delete(name);
      if (!this.opened || this.values.get(name) === value) return;
      this.values.set(name, value);
      const edge = {
        line: name,
        value,
        edge: value ? 'rising' : 'falling',
        at: Date.now(),
        missed: 0,
      } as const;
      for (const listener of this.listeners) listener(edge);
    };
    clearTimeout(this.debounceTimers.get(name));
    if (line.debounceMs) this.debounceTimers.set(name, setTimeout(apply, line.debounceMs));
    else apply();
  }

  /** Injects a fault on one line; `null` clears it (and releases writes held by `stuck`). */
  injectFault(name: string, fault: SimFault | null): void {
    this.lineOrThrow(name);
    if (fault) {
      this.faults.set(name, fault);
      if (fault.kind === 'stuck' && !this.stuckWaiters.has(name)) this.stuckWaiters.set(name, []);
      return;
    }
    this.faults.delete(name);
    const waiters = this.stuckWaiters.get(name) ?? [];
    this.stuckWaiters.delete(name);
    for (const release of waiters) release();
  }

  /** The value the simulated hardware holds right now (what a voltmeter would read). */
  peek(name: string): LineValue | undefined {
    return this.values.get(name);
  }

  private lineOrThrow(name: string): LineSpec {
    if (!this.opened) throw new PulseboardError('DRIVER_ERROR', 'SimDriver is not open');
    const line = this.lines.get(name);
    if (!line) throw new PulseboardError('LINE_UNKNOWN', undefined, { line: name });
    return line;
  }

  private throwIfErrorFault(name: string): void {
    const fault = this.faults.get(name);
    if (fault?.kind === 'error') {
      throw new PulseboardError('DRIVER_ERROR', fault.message ?? `simulated fault on ${name}`, {
        line: name,
      });
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
