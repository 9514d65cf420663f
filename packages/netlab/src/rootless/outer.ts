import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { innerEnvVar, type InnerContext } from './inner.js';
import { unshareFlags } from './probe.js';
import { prepareRuns } from './runs.js';
import { labRunsEnvVar } from '../util/paths.js';

// The process the user started, without root: it re-runs the same command inside a new
// user + network + mount + PID namespace (where it is root and the lab's "host side" is a
// fresh, empty network namespace), forwards signals, and for `serve` keeps the lab API port
// in the real network namespace, proxying its bytes to the inner API over a Unix socket
// (filesystem sockets cross network namespaces).

function connectUnix(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path);
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

/** TCP on host:port here, bytes to the inner lab API's Unix socket (retried while it starts). */
export async function listenProxy(host: string, port: number, socketPath: string): Promise<Server> {
  const server = createServer((client) => {
    client.on('error', () => client.destroy());
    const deadline = Date.now() + 30_000;
    const attempt = (): void => {
      connectUnix(socketPath).then(
        (inner) => {
          inner.on('error', () => client.destroy());
          client.on('close', () => inner.destroy());
          inner.on('close', () => client.destroy());
          client.pipe(inner);
          inner.pipe(client);
        },
        () => {
          if (Date.now() < deadline && !client.destroyed) setTimeout(attempt, 100);
          else client.destroy();
        },
      );
    };
    attempt();
  });
  // Listen before the namespaces exist: a busy port fails first, as in the root mode.
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    server.listen(port, host, () => {
      server.off('error', rej);
      res();
    });
  });
  return server;
}

export interface RootlessRun {
  cmd: string;
  args: string[];
  /** The command line that starts this CLI: node + its flags + the script. */
  self: string[];
  /** serve: where the outer process listens. */
  serve?: { host: string; port: number };
}

export async function runRootless(o: RootlessRun): Promise<number> {
  const runs = prepareRuns();
  const ctx: InnerContext = { runs };
  let proxy: Server | undefined;
  let sessionDir: string | undefined;
  if (o.serve) {
    sessionDir = mkdtempSync(join(tmpdir(), 'pulseboard-lab-'));
    ctx.apiSocket = join(sessionDir, 'api.sock');
    ctx.url = `http://${o.serve.host}:${o.serve.port}/`;
    try {
      proxy = await listenProxy(o.serve.host, o.serve.port, ctx.apiSocket);
    } catch (e) {
      rmSync(sessionDir, { recursive: true, force: true });
      rmSync(runs.session, { recursive: true, force: true });
      throw e;
    }
  }
  const child = spawn('unshare', [...unshareFlags, ...o.self, o.cmd, ...o.args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    // The inner lab keeps its runs in the session folder the user owns: the repository's own
    // .lab-runs may not exist and cannot be made by this user (a root-owned clone).
    env: { ...process.env, [innerEnvVar]: JSON.stringify(ctx), [labRunsEnvVar]: runs.session },
  });
  const forward = (signal: NodeJS.Signals) => {
    if (child.connected) child.send({ signal });
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 143)));
    });
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    proxy?.close();
    if (sessionDir) rmSync(sessionDir, { recursive: true, force: true });
    rmSync(runs.session, { recursive: true, force: true });
  }
}
