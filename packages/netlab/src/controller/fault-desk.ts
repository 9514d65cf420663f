import type { Engine } from '../engine/engine.js';
import { applyPlan } from '../engine/engine.js';
import type { Fault, FaultKind, FaultParams, LabEvent } from '../types.js';
import { nextId } from '../util/ids.js';
import { FaultBook } from './fault-book.js';

// The lab's faults: each planned and run by the engine (engine/), kept on the book as an
// interval with its heal, healed on demand or after its duration. While a fault is being
// applied, records about it (detections, notifications) are held and attributed once it is
// on the book: its effect can be detected before the engine returns (a Docker helper still
// exiting, an rst), and attributed then it counted as a false alarm.

export interface FaultDeskDeps {
  engine: Engine;
  /** Is this a fault target the lab knows (a client id, or 'board')? */
  knows(id: string): boolean;
  emit(e: LabEvent): void;
  log(level: 'error', msg: string): void;
}

export class FaultDesk {
  readonly book = new FaultBook();
  private applying = 0;
  private readonly held: (() => void)[] = [];

  constructor(private readonly deps: FaultDeskDeps) {}

  /** Runs `record` now, or once the faults being applied are on the book. */
  attribute(record: () => void): void {
    if (this.applying > 0) this.held.push(record);
    else record();
  }

  async fault(
    kind: FaultKind,
    targets: string[],
    params: FaultParams = {},
    durationMs?: number,
  ): Promise<Fault> {
    const id = nextId('f');
    const allTargets = kind === 'partition' ? Object.keys(params.map ?? {}) : targets;
    if (kind !== 'partition' && targets.length === 0)
      throw new TypeError('a fault needs at least one target');
    const support = this.deps.engine.support(kind);
    if ('refused' in support) throw new TypeError(support.refused);
    const named = kind === 'partition' ? [...allTargets, ...Object.values(params.map ?? {}).flat()] : targets;
    for (const t of named) if (!this.deps.knows(t)) throw new TypeError(`unknown fault target "${t}"`);
    this.applying += 1;
    try {
      const plan = await this.deps.engine.plan(id, kind, allTargets, params);
      const applyingFrom = Date.now();
      const { startedAt, heal } = await applyPlan(this.deps.engine, plan);
      const fault: Fault = { id, kind, targets: allTargets, params, fidelity: plan.fidelity, startedAt };
      if (plan.instant) fault.endedAt = startedAt;
      const timer =
        durationMs !== undefined && !plan.instant
          ? setTimeout(
              () => void this.heal(id).catch((e: Error) => this.deps.log('error', e.message)),
              durationMs,
            )
          : undefined;
      this.book.record(fault, { fidelity: plan.fidelity, instant: plan.instant, heal }, timer, applyingFrom);
      this.deps.emit({ type: 'fault', at: startedAt, fault: { ...fault } });
      return { ...fault };
    } finally {
      this.applying -= 1;
      if (this.applying === 0) for (const record of this.held.splice(0)) record();
    }
  }

  async heal(id: string): Promise<Fault> {
    const taken = this.book.take(id);
    if (!taken) throw new Error(`no active fault ${id}`);
    await taken.applied.heal();
    taken.fault.endedAt = Date.now();
    this.deps.emit({ type: 'fault', at: taken.fault.endedAt, fault: { ...taken.fault } });
    return { ...taken.fault };
  }

  async healAll(): Promise<void> {
    await Promise.all(this.book.activeIds().map((id) => this.heal(id)));
  }
}
