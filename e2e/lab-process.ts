// The lab as a process for e2e specs: `pulseboard-lab serve` on a free loopback port, with real
// namespaces, a real board and real virtual clients; stopped with SIGTERM (it heals its faults
// and removes its namespaces). Needs root and a built tree.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const labBin = join(root, 'packages/netlab/bin/pulseboard-lab.js');
const labUi = join(root, 'apps/lab-ui/dist/index.html');

// What must exist before this suite can mean anything: the lab engine CLI, the built lab UI
// and root. The suite never fakes a lab.
export const labMissing = [
  existsSync(labBin) ? undefined : 'packages/netlab/bin/pulseboard-lab.js (the lab engine CLI, issue 6)',
  existsSync(labUi) ? undefined : 'apps/lab-ui/dist (run `npm run build`)',
  process.getuid?.() === 0 ? undefined : 'root (the lab creates network namespaces)',
].filter(Boolean);

export interface Lab {
  url: string;
  proc: ChildProcess;
  output: () => string;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startLab(): Promise<Lab> {
  const port = await freePort();
  const proc = spawn(process.execPath, [labBin, 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: root,
  });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`pulseboard-lab exited (${proc.exitCode}):\n${out}`);
    try {
      const res = await fetch(`${url}/api/lab`, { signal: AbortSignal.timeout(1000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`pulseboard-lab not ready at ${url}:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, proc, output: () => out };
}

export async function stopLab(lab: Lab | undefined): Promise<void> {
  if (!lab || lab.proc.exitCode !== null) return;
  const exited = new Promise((r) => lab.proc.once('exit', r));
  lab.proc.kill('SIGTERM'); // the lab heals faults and removes its namespaces on SIGTERM
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    lab.proc.kill('SIGKILL');
  }, 20_000);
  await exited;
  clearTimeout(timer);
  // A killed lab leaves its namespaces; `clean` removes only labs whose process is gone.
  if (killed) spawnSync(process.execPath, [labBin, 'clean'], { cwd: root, stdio: 'ignore', timeout: 30_000 });
}
