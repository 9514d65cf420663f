import type { Fault, Fidelity } from '../types.js';

/** A fault in effect: one per fault, with its own heal, so faults overlap and heal independently. */
export interface Applied {
  fidelity: Fidelity;
  /** True when the fault is over as soon as it is applied (fin). */
  instant: boolean;
  heal(): Promise<void>;
}

// Every fault the lab applied (kept after healing: a detection is measured from the fault
// that caused it, even when it was healed before the record arrived) and the active ones.
interface Active {
  applied: Applied;
  timer?: NodeJS.Timeout;
}

export class FaultBook {
  private readonly all = new Map<string, Fault>();
  private readonly active = new Map<string, Active>();
  /** When the lab began applying each fault (its `startedAt` is when that was done). */
  private readonly applyingFrom = new Map<string, number>();

  /** `applyingFrom`: when the lab began applying it (default: its `startedAt`). */
  record(fault: Fault, applied: Applied, timer?: NodeJS.Timeout, applyingFrom?: number): void {
    this.all.set(fault.id, fault);
    if (applyingFrom !== undefined) this.applyingFrom.set(fault.id, applyingFrom);
    if (!applied.instant) this.active.set(fault.id, { applied, timer });
  }

  isActive(id: string): boolean {
    return this.active.has(id);
  }

  /** Take an active fault out (to heal it); undefined when it is not active. */
  take(id: string): { fault: Fault; applied: Applied } | undefined {
    const a = this.active.get(id);
    const fault = this.all.get(id);
    if (!a || !fault) return undefined;
    this.active.delete(id);
    clearTimeout(a.timer);
    return { fault, applied: a.applied };
  }

  activeIds(): string[] {
    return [...this.active.keys()];
  }

  activeFaults(): Fault[] {
    return this.activeIds().map((id) => ({ ...this.all.get(id)! }));
  }

  /**
   * The fault that explains what the board noticed about `clientId` at `before`: the most
   * recent one in effect then (started no later, not healed before); failing that, one being
   * applied then (its command had taken effect but was not yet done, its `startedAt`: e.g. an
   * rst while the stamp was being taken); failing that, the most recent one healed before (the
   * board may notice a short fault after its heal). A fault healed before another one's apply
   * began does not explain that one's detection: the lab reuses clients.
   */
  latestFor(clientId: string, before = Infinity): Fault | undefined {
    let inEffect: Fault | undefined;
    let healed: Fault | undefined;
    let applying: Fault | undefined;
    const later = (f: Fault, than: Fault | undefined) => !than || f.startedAt > than.startedAt;
    for (const f of this.all.values()) {
      if (!f.targets.includes(clientId)) continue;
      if (f.startedAt <= before) {
        const over = f.endedAt !== undefined && f.endedAt < before;
        if (!over && later(f, inEffect)) inEffect = f;
        if (over && later(f, healed)) healed = f;
      } else if ((this.applyingFrom.get(f.id) ?? Infinity) <= before) {
        if (later(f, applying)) applying = f;
      }
    }
    return inEffect ?? applying ?? healed;
  }
}
