import { lookup } from 'node:dns/promises';
import type { Applied } from '../controller/faults.js';
import { validateParams } from '../controller/faults.js';
import type { ExternalFaultApplier } from '../lab.js';
import { DockerApi } from './docker-api.js';
import { faultTable, planDockerFault, planPartition, refusal, type DockerPlan, type Step } from './plan.js';

// The Docker engine's fault applier for `new Lab({ external: { ..., faults } })`: each fault a
// plan (docker/plan.ts) run through the Docker API, so the compose `lab` service, given the
// Docker socket, applies every fault itself (no root, no nsenter on the Docker host).

/** What the applier needs of the Docker API (a fake in unit tests). */
export type Engine = Pick<
  DockerApi,
  'containerOf' | 'addressOf' | 'helper' | 'signal' | 'disconnect' | 'connect'
>;

/** Runs steps in order; the latest helper's "took effect" time, else now. */
async function runSteps(api: Engine, steps: Step[], tolerant = false): Promise<number> {
  let at = Date.now();
  for (const s of steps) {
    try {
      if (s.do === 'helper') {
        at = await api.helper(s.container, s.commands, tolerant);
        continue;
      }
      // Timed from the call: a fin's detection can arrive before the API answers.
      at = Date.now();
      if (s.do === 'signal') await api.signal(s.container, s.signal);
      else if (s.do === 'disconnect') await api.disconnect(s.container);
      else await api.connect(s.container);
    } catch (e) {
      if (!tolerant) throw e;
    }
  }
  return at;
}

/**
 * `boardHost`: the board's host name or address as the clients reach it (one-way partition
 * cuts name its address).
 */
export function dockerFaultApplier(api: Engine = new DockerApi(), boardHost = 'board'): ExternalFaultApplier {
  return async (faultId, kind, targetIds, params) => {
    const why = refusal(kind);
    if (why) throw new TypeError(why);
    validateParams(kind, params);
    const table = faultTable(faultId);
    let plans: DockerPlan[];
    if (kind === 'partition') {
      const ids = [...new Set(Object.entries(params.map ?? {}).flatMap(([f, t]) => [f, ...t]))];
      const containers = new Map<string, string>();
      const addresses = new Map<string, string>();
      for (const id of ids) {
        if (id === 'board') {
          addresses.set(id, (await lookup(boardHost, { family: 4 })).address);
          continue;
        }
        const c = await api.containerOf(id);
        containers.set(id, c);
        addresses.set(id, await api.addressOf(c));
      }
      plans = [
        planPartition(
          params.map ?? {},
          (id) => ({ id, container: containers.get(id)! }),
          (id) => addresses.get(id)!,
          table,
        ),
      ];
    } else {
      if (targetIds.length === 0) throw new TypeError('a fault needs at least one target');
      if (targetIds.includes('board'))
        throw new TypeError('the board cannot be a fault target with the Docker engine');
      const targets = await Promise.all(
        targetIds.map(async (id) => ({ id, container: await api.containerOf(id) })),
      );
      plans = targets.map((t) => planDockerFault(kind, t, params, table));
    }
    const healAll = async () => void (await Promise.all(plans.map((p) => runSteps(api, p.heal, true))));
    let startedAt: number;
    try {
      // Every target's apply in parallel: the fault is in effect when the last one is.
      startedAt = Math.max(...(await Promise.all(plans.map((p) => runSteps(api, p.apply)))));
    } catch (e) {
      await healAll();
      throw e;
    }
    await Promise.all(plans.map((p) => runSteps(api, p.after)));
    let healed = false;
    const applied: Applied = {
      fidelity: 'kernel',
      instant: plans.every((p) => p.instant),
      heal: async () => {
        if (healed) return;
        healed = true;
        await healAll();
      },
    };
    return { applied, startedAt };
  };
}
