import { emptyPlan, exec, filterTable, nftCommand, type Plan } from '../engine/plan.js';
import { faultKinds, type FaultKind } from '../types.js';

// What the Docker engine plans its own way (the rest is engine/plan.ts, alike on both engines):
//  - partition: a two-way cut between a client and the board is `docker network disconnect`
//    (connect on heal); a one-way cut is an nft drop in the client's namespace, by a helper.
//  - delay: refused (see `refusedByDocker`).
//  - bandwidth shapes the container's egress only: the helper cannot reach the veth's host
//    side, so unlike the namespace engine the board's direction is not shaped.

/** The lab's fault kinds the Docker engine cannot apply, and why. */
const refusedByDocker: Partial<Record<FaultKind, string>> = {
  delay:
    'delay needs the namespace engine (`pulseboard-lab serve` without --external-board): this kernel has no ' +
    "sch_netem, and the userspace delay relay needs a TUN device routed in the lab's own namespaces",
};

export const dockerFaultKinds: readonly FaultKind[] = faultKinds.filter((k) => !(k in refusedByDocker));

/** Why the Docker engine cannot apply `kind`, or undefined when it can. */
export function refusal(kind: FaultKind): string | undefined {
  const reason = refusedByDocker[kind];
  if (reason) return reason;
  if (!dockerFaultKinds.includes(kind)) return `unknown fault kind "${String(kind)}"`;
  return undefined;
}

/**
 * A partition map `{ from: [to, ...] }` over client ids and 'board'. A pair cut both ways
 * between a client and the board is a Docker-native cut of that client (disconnect, connect on
 * heal); every other cut is one-way, by nft in the namespace of the client at its end: its
 * output to the peer (`from` is the client) or its input from the peer (`from` is the board).
 */
export function planPartition(
  map: Record<string, string[]>,
  addressOf: (id: string) => string,
  table: string,
): Plan {
  const pairs = new Set<string>();
  for (const [from, tos] of Object.entries(map))
    for (const to of tos) if (from !== to) pairs.add(`${from}>${to}`);
  const plan = emptyPlan();
  const drops = new Map<string, { input: string[]; output: string[] }>();
  const dropsOf = (id: string) => {
    let d = drops.get(id);
    if (!d) drops.set(id, (d = { input: [], output: [] }));
    return d;
  };
  for (const pair of pairs) {
    const [from, to] = pair.split('>') as [string, string];
    const client = from === 'board' ? to : from;
    const peer = from === 'board' ? from : to;
    if (client === 'board') continue;
    if (peer === 'board' && pairs.has(`${to}>${from}`)) {
      if (from === 'board') continue; // the same cut, seen from the other side
      plan.apply.push({ do: 'disconnect', host: client });
      plan.heal.push({ do: 'connect', host: client });
      continue;
    }
    if (from === 'board') dropsOf(client).input.push(`ip saddr ${addressOf(peer)} drop`);
    else dropsOf(client).output.push(`ip daddr ${addressOf(peer)} drop`);
  }
  for (const [id, d] of drops) {
    const rules = (list: string[]) => (list.length ? list.join('; ') : 'accept');
    plan.apply.push(exec(id, nftCommand(filterTable(table, rules(d.input), rules(d.output)))));
    plan.heal.push(exec(id, nftCommand(`delete table inet ${table}\n`)));
  }
  if (plan.apply.length === 0) throw new TypeError('partition: the map cuts nothing');
  return plan;
}
