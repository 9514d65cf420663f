import { docker, nftInContainer } from './engine.js';

// Faults on client containers, applied from the host. Each returns when the fault is in
// effect (`startedAt` is taken then, as in the namespace engine) with its heal, if it has one.
//  - blackhole: nft in the container's network namespace drops everything, both ways.
//  - cable-pull: the container's link to the lab network is removed (docker network disconnect).
//  - power-off: blackhole, then `docker kill`: the FIN/RST of the dying process never leaves.
//    A bare `docker kill` is a crash, not a power cut: the kernel still sends the FIN.
export type DockerFaultKind = 'blackhole' | 'cable-pull' | 'power-off';

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

export async function dockerFault(
  kind: DockerFaultKind,
  container: string,
  network?: string,
): Promise<DockerFault> {
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
      if (!network) throw new TypeError('cable-pull needs the network to disconnect from');
      await docker(['network', 'disconnect', '--force', network, container]);
      return {
        kind,
        container,
        startedAt: Date.now(),
        heal: async () => void (await docker(['network', 'connect', network, container])),
      };
    }
    case 'power-off': {
      await nftInContainer(container, dropAll);
      const startedAt = Date.now();
      await docker(['kill', container]);
      return { kind, container, startedAt };
    }
    default:
      throw new TypeError(`unknown docker fault "${String(kind)}"`);
  }
}
