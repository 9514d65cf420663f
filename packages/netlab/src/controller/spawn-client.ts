import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { configEnv, type ClientConfig } from '../clients/protocol.js';

// Start one virtual client as a real process inside its host namespace.
export function spawnClient(
  cfg: ClientConfig,
  nodeArgs: string[],
  onExit: (code: number | null) => void,
): ChildProcess {
  const child = spawn('ip', ['netns', 'exec', cfg.ns, process.execPath, ...nodeArgs], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, [configEnv]: JSON.stringify(cfg) },
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (err.length < 4000) err += d.toString();
  });
  child.on('exit', (code) => {
    if (code && err) process.emitWarning(`client ${cfg.id} exited ${code}: ${err.trim().slice(0, 500)}`);
    onExit(code);
  });
  return child;
}

/**
 * Playwright starts "the browser" by executable path; this wrapper makes that executable
 * enter the client's namespace first, so Chromium's sockets live in the virtual host.
 */
export function writeChromiumWrapper(dir: string, ns: string, chromium = '/usr/bin/chromium'): string {
  const path = join(dir, `chromium-${ns}.sh`);
  writeFileSync(path, `#!/bin/sh\nexec ip netns exec ${ns} ${chromium} "$@"\n`);
  chmodSync(path, 0o755);
  return path;
}
