import { run } from '../util/exec.js';
import { docker, hostVeth, nftInContainer } from './engine.js';

// Faults on client containers, applied from the host. Each returns when the fault is in
// effect (`startedAt` is taken then, as in the namespace engine) with its heal, if it has one.
//  - blackhole: nft in the container's network namespace drops everything, both ways.
//  - cable-pull: the host side of the container's veth (its switch port) goes down; the
//    container keeps its address, so its connections can resume after the heal. (`docker
//    network disconnect` + `connect` gives it a new address: its old connections never hear
//    a RST and hang until the client's own timeouts.)
//  - power-off: blackhole, then `docker kill`: the FIN/RST of the dying process never leaves.
//  - crash: a bare `docker kill`: the process dies but the kernel still sends its FIN.
export type DockerFaultKind = 'blackhole' | 'cable-pull' | 'power-off' | 'crash';

export interface DockerFault {
  kind: DockerFaultKind;
  container: string;
  startedAt: number;
  heal?: () => Promise<void>;
}

const table = 'pulseboard_fault';
const dropAll = `table inet ${table} {
  chain in { type filter hook input priority -300; policy drop; }
  chain out { type filter hook output priority -300; policy drop; }
}
`;

export async function dockerFault(kind: DockerFaultKind, container: string): Promise<DockerFault> {
  switch (kind) {
    case 'blackhole': {
      await nftInContainer(container, dropAll);
      return {
        kind,
        container,
        startedAt: Date.now(),
        heal: () => nftInContainer(container, `delete table inet ${table}\n`),
      };
    }
    case 'cable-pull': {
      const port = await hostVeth(container);
      await run('ip', ['link', 'set', port, 'down']);
      return {
        kind,
        container,
        startedAt: Date.now(),
        heal: async () => void (await run('ip', ['link', 'set', port, 'up'])),
      };
    }
    case 'power-off': {
      await nftInContainer(container, dropAll);
      const startedAt = Date.now();
      await docker(['kill', container]);
      return { kind, container, startedAt };
    }
    case 'crash': {
      // The FIN leaves while `docker kill` is still returning: time it from the command.
      const startedAt = Date.now();
      await docker(['kill', container]);
      return { kind, container, startedAt };
    }
    default:
      throw new TypeError(`unknown docker fault "${String(kind)}"`);
  }
}
