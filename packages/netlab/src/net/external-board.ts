import { readFileSync, writeFileSync } from 'node:fs';
import { isAlive } from '@pulseboard/harness/ns/cleanup';
import { run } from '../util/exec.js';
import type { LabNames } from './names.js';

// A board the lab does not run (a real board on the LAN, or one a test suite started itself),
// reached from the lab's hosts by plain IP routing through this machine: each host gets a
// route to the board's address via the uplink, and this machine forwards between the uplink
// and the interface the board is on. No NAT: the board sees every virtual client at its own
// address, as it would see separate devices (so its address ranges, per-address limits and
// the lab's attribution of detections all work). The board needs a route back to the lab's
// subnet via this machine. A guard table lets nothing else through: only lab ↔ board.

/** The interface the root namespace reaches `address` on (`lo` when it is this machine's own). */
export async function routeDevice(address: string): Promise<string> {
  const out = await run('ip', ['-o', 'route', 'get', address]);
  const dev = /\bdev (\S+)/.exec(out)?.[1];
  if (!dev) throw new Error(`no route to the external board at ${address}: ${out.trim()}`);
  return dev;
}

const forwardingPath = (dev: string) => `/proc/sys/net/ipv4/conf/${dev}/forwarding`;

/** nft table name of a lab's guard: found by prefix and run id when a crashed lab left it. */
export const guardTableName = (names: LabNames) => `pblx_${names.prefix}_${names.runId}`;

function guardScript(table: string, uplink: string, boardDev: string, board: string, guardBoardDev: boolean) {
  // Accepts first: a base chain's accept ends its evaluation, so the drops below see the rest.
  return `table ip ${table} {
  chain forward {
    type filter hook forward priority -5; policy accept;
    iifname "${uplink}" oifname "${boardDev}" ip daddr ${board} accept
    oifname "${uplink}" iifname "${boardDev}" ip saddr ${board} accept
    iifname "${uplink}" drop
    oifname "${uplink}" drop
${guardBoardDev ? `    iifname "${boardDev}" drop\n` : ''}  }
}
`;
}

export class ExternalBoardRoute {
  private restore: Array<[string, string]> = [];
  private table: string | undefined;

  constructor(
    private readonly names: LabNames,
    readonly boardAddress: string,
  ) {}

  async open(): Promise<void> {
    const dev = await routeDevice(this.boardAddress);
    // The board is this machine (a server on one of its own addresses): delivered, not forwarded.
    if (dev === 'lo') return;
    for (const d of [this.names.uplink, dev]) {
      const before = readFileSync(forwardingPath(d), 'utf8').trim();
      if (before === '1') continue;
      this.restore.push([d, before]);
      writeFileSync(forwardingPath(d), '1');
    }
    const flippedBoardDev = this.restore.some(([d]) => d === dev);
    this.table = guardTableName(this.names);
    // Forwarding turned on for the board's interface by us must not make it a router for others.
    await run('nft', ['-f', '-'], {
      input: guardScript(this.table, this.names.uplink, dev, this.boardAddress, flippedBoardDev),
    });
  }

  async close(): Promise<void> {
    if (this.table) await run('nft', ['delete', 'table', 'ip', this.table], { allowFail: true });
    this.table = undefined;
    for (const [dev, value] of this.restore.splice(0)) {
      try {
        writeFileSync(forwardingPath(dev), value);
      } catch {
        // the uplink is gone with the switch namespace: nothing to restore
      }
    }
  }
}

/** Guard tables of crashed labs with this prefix (their pid is gone). */
export async function cleanGuardTables(prefix: string): Promise<string[]> {
  const out = await run('nft', ['list', 'tables', 'ip'], { allowFail: true });
  const stale = [...out.matchAll(/^table ip (pblx_(\S+?)_(\d+)x[0-9a-f]+)$/gm)]
    .filter((m) => m[2] === prefix && Number(m[3]) !== process.pid && !isAlive(Number(m[3])))
    .map((m) => m[1]!);
  for (const t of stale) await run('nft', ['delete', 'table', 'ip', t], { allowFail: true });
  return stale;
}
