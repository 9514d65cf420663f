import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LabHost } from './lab.js';
import type { ProbeClientSpec } from './probe-client.js';

export type { ProbeClientSpec, ProbeConnection } from './probe-client.js';

// From sources the client is TypeScript run through tsx; from dist it is plain JS.
const self = fileURLToPath(import.meta.url);
const fromSource = self.endsWith('.ts');
export const probeClientPath = join(dirname(self), fromSource ? 'probe-client.ts' : 'probe-client.js');
const loader = fromSource ? ['--conditions=source', '--import', 'tsx'] : [];

export interface ProbeClient {
  child: ChildProcess;
  /** Resolves once every connection printed `ready`. */
  ready: Promise<void>;
}

/** Starts the probe client inside a host, as a tracked process (power-off/crash/fin reach it). */
export function spawnProbeClient(host: LabHost, spec: ProbeClientSpec): ProbeClient {
  const child = host.spawn(process.execPath, [...loader, probeClientPath, JSON.stringify(spec)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const waiting = new Set(spec.connections.map((c) => c.id));
  const ready = new Promise<void>((resolve, reject) => {
    let buf = '';
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    child.stdout!.on('data', (d) => {
      buf += String(d);
      for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
        const [word, id] = buf.slice(0, i).split(' ');
        buf = buf.slice(i + 1);
        if (word === 'ready' && id) waiting.delete(id);
        if (waiting.size === 0) resolve();
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`probe client in ${host.ns} exited ${code}: ${stderr.trim()}`)),
    );
  });
  ready.catch(() => {}); // observed by whoever awaits it; never an unhandled rejection
  return { child, ready };
}
