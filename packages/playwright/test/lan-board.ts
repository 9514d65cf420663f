import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverCommand, waitHealthy } from '@pulseboard/netlab/controller/board';
import { serverRoot } from '@pulseboard/netlab/util/paths';

// A board "on the LAN" for the external-board tests: `pulseboard serve` (sim) in a namespace of
// the test's own, linked to this machine by a veth pair, with accounts made by its own CLI and
// a route back to the lab's subnet via this machine — what a team's real board would be.

export interface LanBoard {
  url: string;
  /** The root-namespace end of its link (where the lab forwards to). */
  rootLink: string;
  accounts: Record<string, string>;
  stop(): Promise<void>;
}

const ip = (args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });

function addUser(dataDir: string, name: string, role: string, password: string): void {
  execFileSync(
    process.execPath,
    [...serverCommand(), 'users', 'add', name, '--role', role, '--password-stdin', '--data', dataDir],
    { input: password, cwd: serverRoot, stdio: ['pipe', 'ignore', 'pipe'] },
  );
}

export async function startLanBoard(index: number, labSubnetOctet: number): Promise<LanBoard> {
  const ns = `pwlan${process.pid}-${index}`;
  const rootLink = `pwlr${index}x${(process.pid % 10000).toString(36)}`;
  const net = `172.31.${240 + index}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'pbl-lan-board-'));
  const accounts = { lab: 'lab-admin-secret', alice: 'alice-secret', bob: 'bob-secret' };
  let proc: ChildProcess | undefined;
  const stop = async () => {
    proc?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    proc?.kill('SIGKILL');
    execFileSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
    rmSync(dataDir, { recursive: true, force: true });
  };
  ip(['netns', 'add', ns]);
  try {
    ip(['link', 'add', rootLink, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    ip(['addr', 'add', `${net}.1/30`, 'dev', rootLink]);
    ip(['link', 'set', rootLink, 'up']);
    for (const cmd of [
      ['link', 'set', 'lo', 'up'],
      ['addr', 'add', `${net}.2/30`, 'dev', 'eth0'],
      ['link', 'set', 'eth0', 'up'],
      // The board's way back to the lab's clients: through this machine.
      ['route', 'add', `10.${labSubnetOctet}.0.0/16`, 'via', `${net}.1`],
    ])
      ip(['-n', ns, ...cmd]);
    addUser(dataDir, 'lab', 'admin', accounts.lab);
    addUser(dataDir, 'alice', 'operator', accounts.alice);
    addUser(dataDir, 'bob', 'operator', accounts.bob);
    const url = `http://${net}.2:8080`;
    const args = [...serverCommand(), 'serve', '--host', `${net}.2`, '--port', '8080', '--data', dataDir];
    proc = spawn('ip', ['netns', 'exec', ns, process.execPath, ...args, '--board', 'sim'], {
      cwd: serverRoot,
      stdio: 'ignore',
    });
    await waitHealthy(url, 60_000, proc);
    return { url, rootLink, accounts, stop };
  } catch (e) {
    await stop().catch(() => undefined);
    throw e;
  }
}
