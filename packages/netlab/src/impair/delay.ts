import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { run } from '../util/exec.js';

// Set up and tear down the userspace delay path in one host (see delay-relay.ts).
export interface DelayTarget {
  ns: string;
  address: string;
  /** The lab's /16, e.g. 10.150.0.0 */
  subnet: string;
}

const dev = 'dly0';
const table = '100';

export interface DelayHandle {
  relay: ChildProcess;
  heal(): Promise<void>;
}

async function ipn(ns: string, ...args: string[]): Promise<void> {
  await run('ip', ['-n', ns, ...args]);
}

export async function applyDelay(
  t: DelayTarget,
  delayMs: number,
  jitterMs: number,
  relayCommand: string[],
): Promise<DelayHandle> {
  const [a, b] = t.subnet.split('.');
  const halves = [`${a}.${b}.0.0/17`, `${a}.${b}.128.0/17`];
  await ipn(t.ns, 'tuntap', 'add', 'dev', dev, 'mode', 'tun');
  await ipn(t.ns, 'link', 'set', dev, 'up');
  // Packets coming back out of the TUN have a local source address and arrive on a
  // non-eth0 interface: both are "martian" unless accept_local is on and rp_filter off.
  await run('ip', [
    'netns',
    'exec',
    t.ns,
    'sysctl',
    '-q',
    '-w',
    'net.ipv4.ip_forward=1',
    'net.ipv4.conf.all.rp_filter=0',
    `net.ipv4.conf.${dev}.rp_filter=0`,
    `net.ipv4.conf.${dev}.accept_local=1`,
  ]);
  await ipn(t.ns, 'route', 'add', `${t.subnet}/16`, 'dev', 'eth0', 'table', table);
  await ipn(t.ns, 'rule', 'add', 'iif', dev, 'lookup', table, 'pref', '100');
  const relay = spawn(
    'ip',
    ['netns', 'exec', t.ns, process.execPath, ...relayCommand, dev, String(delayMs), String(jitterMs)],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((res, rej) => {
    createInterface({ input: relay.stdout! }).once('line', () => res());
    relay.once('exit', (code) => rej(new Error(`delay relay exited (${code}) in ${t.ns}`)));
  });
  // Only now steer traffic into the TUN: more specific than the connected /16, so they win.
  for (const h of halves) await ipn(t.ns, 'route', 'add', h, 'dev', dev, 'src', t.address);
  return {
    relay,
    async heal() {
      for (const h of halves) await run('ip', ['-n', t.ns, 'route', 'del', h], { allowFail: true });
      await run('ip', ['-n', t.ns, 'rule', 'del', 'pref', '100'], { allowFail: true });
      await run('ip', ['-n', t.ns, 'route', 'flush', 'table', table], { allowFail: true });
      relay.kill('SIGKILL');
      await run('ip', ['-n', t.ns, 'link', 'del', dev], { allowFail: true });
    },
  };
}
