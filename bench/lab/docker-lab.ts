// The Docker side of bench:lab: a private daemon started the way CI starts it
// (scripts/private-dockerd.mjs), the base image built from local files, the board and N client
// containers on an internal network of their own, and this process as the lab (the Docker
// engine, faults through the Docker API), as in docker/docker.nstest.ts. Clients run the
// client bundled once with esbuild (like the namespace engine's), from the work tree mounted
// read-only, so both engines run the same client code at the same start-up cost.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labPassword } from '@pulseboard/netlab/controller/board';
import { bundle } from '@pulseboard/netlab/controller/client-entry';
import { DockerApi } from '@pulseboard/netlab/docker/docker-api';
import { containerIp, docker, imageExists } from '@pulseboard/netlab/docker/engine';
import { Lab } from '@pulseboard/netlab/lab';
import { newRunId } from '@pulseboard/netlab/net/names';
import type { ClientKind } from '@pulseboard/netlab/types';
import { run } from '@pulseboard/netlab/util/exec';
import { netlabSrc, repoRoot } from '@pulseboard/netlab/util/paths';
import { startPrivateDockerd, type PrivateDockerd } from '../../scripts/private-dockerd.mjs';

const baseImage = 'pulseboard-base:local';
/**
 * Clients starting at once: a container is started when one of the last `parallel` is up (or
 * gave up after `startMs`). Started all at once, 4 `docker run`s at a time, the containers'
 * start-up (runc, the shim, node loading the client) took the CPU the clients' handshakes
 * needed (handshakes ran out of time and were started over; at load 20-35, 18 of 50 clients
 * were not up 180 s after the last container had started).
 */
const parallel = 4;
const startMs = 60_000;

export interface DockerLab {
  lab: Lab;
  ids: string[];
  /** From the first client container asked for until all are connected. */
  clientsUpMs: number;
  connected: number;
  /** Stops everything; resolves to what the daemon's check found left behind. */
  stop(): Promise<string[]>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pool<T>(items: T[], n: number, fn: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: n }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await fn(item);
    }),
  );
}

export async function startDockerLab(
  counts: [ClientKind, number][],
  waitConnected: (lab: Lab, ids: string[]) => Promise<number>,
  log: (msg: string) => void,
): Promise<DockerLab> {
  const daemon: PrivateDockerd = await startPrivateDockerd();
  // Every docker call below (the CLI and dockerode) goes to the private daemon.
  const before = process.env.DOCKER_HOST;
  process.env.DOCKER_HOST = daemon.env.DOCKER_HOST;
  const runId = newRunId();
  const name = (role: string) => `pbbl-${runId}-${role}`;
  const network = name('net');
  const hubDir = mkdtempSync(join(tmpdir(), `pbbl-${runId}-`));
  // The bundle lives in the work tree (mounted at /app) so its externals resolve from node_modules.
  const runDir = join(repoRoot, '.lab-runs', `bench-docker-${runId}`);
  let lab: Lab | undefined;
  let stopped: Promise<string[]> | undefined;
  const stop = () => (stopped ??= stopAll());
  const stopAll = async () => {
    await lab?.stop().catch(() => undefined);
    const problems = await daemon.stop();
    rmSync(hubDir, { recursive: true, force: true });
    rmSync(runDir, { recursive: true, force: true });
    if (before === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = before;
    return problems;
  };
  try {
    const t0 = performance.now();
    if (!(await imageExists(baseImage))) await run(join(repoRoot, 'docker/build-base.sh'), [baseImage]);
    log(`docker: base image ready in ${Math.round(performance.now() - t0)} ms`);
    mkdirSync(runDir, { recursive: true });
    const entry = await bundle(join(netlabSrc, 'docker/client-entry.ts'), join(runDir, 'client.mjs'));
    if (entry.length !== 1) throw new Error('esbuild could not bundle the client');
    const inContainer = `/app/${entry[0]!.slice(repoRoot.length + 1)}`;
    await docker(['network', 'create', '--internal', '--subnet', '172.31.244.0/24', network]);
    const common = ['--network', network, '--init', '-e', 'NODE_OPTIONS=--report-exclude-network'];
    const app = ['-v', `${repoRoot}:/app:ro`, '-w', '/app'];
    const users = counts.flatMap(([kind, n]) => Array.from({ length: n }, (_, i) => `${kind}${i + 1}`));
    await docker([
      'run',
      '-d',
      '--name',
      name('board'),
      ...common,
      ...app,
      '--tmpfs',
      '/data',
      '-e',
      `PBL_USERS=${users.join(',')}`,
      baseImage,
      ...['node', '--conditions=source', '--import', 'tsx', 'packages/netlab/src/docker/board-entry.ts'],
    ]);
    const boardIp = await containerIp(name('board'), network);
    lab = new Lab({
      external: {
        boardUrl: `http://${boardIp}:8080`,
        hubPath: join(hubDir, 'hub.sock'),
        docker: new DockerApi(undefined, baseImage),
      },
    });
    await lab.start();
    const l = lab;
    const deadline = Date.now() + 120_000;
    while (!(await l.startBoard().catch(() => undefined))?.running) {
      if (Date.now() > deadline) throw new Error('the board container did not answer within 120 s');
      await sleep(250);
    }
    const clients = counts.flatMap(([kind, n]) =>
      Array.from({ length: n }, (_, i) => ({ kind, user: `${kind}${i + 1}`, id: name(`${kind}${i + 1}`) })),
    );
    const t1 = performance.now();
    await pool(clients, parallel, async (c) => {
      const up = Date.now() + startMs;
      const cfg = {
        id: '$HOSTNAME',
        kind: c.kind,
        url: `http://${boardIp}:8080`,
        user: c.user,
        password: labPassword(c.user),
        socket: '/run/pulseboard-lab/hub.sock',
        ns: 'docker',
      };
      await docker([
        'run',
        '-d',
        '--name',
        c.id,
        '--hostname',
        c.id,
        ...common,
        ...app,
        '-v',
        `${hubDir}:/run/pulseboard-lab`,
        '-e',
        `PBL_CLIENT=${JSON.stringify(cfg)}`,
        baseImage,
        'node',
        inContainer,
      ]);
      while (l.client(c.id)?.state !== 'connected' && Date.now() < up) await sleep(50);
    });
    const ids = clients.map((c) => c.id);
    const connected = await waitConnected(l, ids);
    return { lab: l, ids, clientsUpMs: Math.round(performance.now() - t1), connected, stop };
  } catch (e) {
    const tail = daemon.log().trimEnd().split('\n').slice(-5).join('\n');
    const problems = await stop();
    throw new Error(
      `${(e as Error).message}\ndockerd log, last lines:\n${tail}${problems.map((p) => `\n${p}`).join('')}`,
    );
  }
}
