import type { ChildProcess } from 'node:child_process';
import type { ClientConfig } from '../clients/protocol.js';
import type { Capabilities } from '../net/capabilities.js';
import type { EngineInfo, FaultKind, FaultParams, FaultSupport } from '../types.js';
import { faultKinds } from '../types.js';
import type { Plan, Step } from './plan.js';

// What the lab needs of an engine (`namespaces`: engine/namespaces.ts; `docker`:
// engine/docker.ts): where its hosts' clients report, hosts made or adopted, and faults as
// plans (engine/plan.ts) that it runs, telling when each took effect. The lab itself
// (lab.ts) is the same on both.

export type EngineName = EngineInfo['name'];

/** A machine of the lab: a client's or the board's network namespace or container. */
export interface Host {
  /** Its id in plans: the client id (or 'board'). */
  name: string;
  address: string;
  /** Its network namespace's name ('external' for a container the lab did not make). */
  ns: string;
}

export interface Engine {
  readonly name: EngineName;
  /** The hub socket the clients report on. */
  readonly hubPath: string;
  /**
   * Clients started outside the lab (docker compose) that the lab adopts when they say hello;
   * false when the lab starts every client itself on hosts it asked for (addHosts).
   */
  readonly adoptsClients: boolean;
  start(caps: Capabilities): Promise<void>;
  stop(): Promise<void>;
  /** Hosts for clients the lab starts itself (a TypeError where they start elsewhere). */
  addHosts(ids: string[]): Promise<Host[]>;
  removeHost(id: string): Promise<void>;
  /** Starts a client's process on a host from addHosts; `onExit` when it ends. */
  spawnClient(cfg: ClientConfig, onExit: () => void): ChildProcess;
  /** Where the lab reaches the board from: connections from there are never a client's. */
  ownAddresses(): string[];
  /** A fault kind's fidelity here, or why it is refused. */
  support(kind: FaultKind): FaultSupport;
  /** The plan of one fault on known targets; a TypeError when refused or ill-formed. */
  plan(faultId: string, kind: FaultKind, targets: string[], params: FaultParams): Promise<Plan>;
  /** Runs steps (per host in order, hosts in parallel); resolves with when they took effect. */
  run(steps: Step[]): Promise<number>;
  /** Runs undo steps, failures ignored (what they undo may be gone). */
  undo(steps: Step[]): Promise<void>;
}

export function engineInfo(engine: Engine): EngineInfo {
  const faults = {} as Record<FaultKind, FaultSupport>;
  for (const kind of faultKinds) faults[kind] = engine.support(kind);
  return { name: engine.name, faults };
}

/**
 * A plan applied: resolves once it is in effect, with when (the lab's clock) and its heal;
 * a failed apply undoes what it did before failing.
 */
export async function applyPlan(
  engine: Engine,
  plan: Plan,
): Promise<{ startedAt: number; heal: () => Promise<void> }> {
  let startedAt: number;
  try {
    startedAt = await engine.run(plan.apply);
    await engine.run(plan.after);
  } catch (e) {
    await engine.undo(plan.heal);
    throw e;
  }
  let healed = false;
  return {
    startedAt,
    heal: async () => {
      if (healed) return;
      healed = true;
      await engine.undo(plan.heal);
    },
  };
}

/**
 * Runs steps per host in order and hosts in parallel; `one` runs a step and returns when it
 * took effect. The steps took effect when the last host's did (now, when there were none).
 */
export async function runPerHost(steps: Step[], one: (s: Step) => Promise<number>): Promise<number> {
  const byHost = new Map<string, Step[]>();
  for (const s of steps) byHost.set(s.host, [...(byHost.get(s.host) ?? []), s]);
  const times = await Promise.all(
    [...byHost.values()].map(async (list) => {
      let at = Date.now();
      for (const s of list) at = await one(s);
      return at;
    }),
  );
  return times.length ? Math.max(...times) : Date.now();
}

/** Like runPerHost, every step tried, failures ignored. */
export async function undoPerHost(steps: Step[], one: (s: Step) => Promise<unknown>): Promise<void> {
  await runPerHost(steps, async (s) => {
    await Promise.resolve()
      .then(() => one(s))
      .catch(() => undefined);
    return Date.now();
  });
}
