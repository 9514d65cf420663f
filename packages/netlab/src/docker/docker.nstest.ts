import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labPassword } from '../controller/board.js';
import { Lab } from '../lab.js';
import { newRunId } from '../net/names.js';
import { isRoot } from '../testing/root.js';
import type { LabEvent } from '../types.js';
import { repoRoot } from '../util/paths.js';
import { run } from '../util/exec.js';
import { containerIp, docker, dockerUnavailable, imageExists } from './engine.js';
import { dockerFault } from './faults.js';

// The Docker engine end to end: a board container and client containers on an internal
// network, this process as the lab (external mode, the hub socket bind-mounted into the
// clients), one client powered off. Runs only where a Docker daemon answers and we are root
// (nsenter + nft for the power cut); anywhere else it is skipped with the reason, also under
// CI: CI neither has nor needs a Docker daemon.
// Containers run the base image with this work tree mounted read-only, so the test always
// exercises the current sources (the base is built from local files when missing).
const baseImage = 'pulseboard-base:local';
const skipReason = isRoot ? await dockerUnavailable() : 'needs root (nsenter, nft)';
const describeDocker = skipReason ? describe.skip : describe;

/** DESIGN: a browser-like (WebSocket) client within about a second, any TCP client ~2 s. */
const wsBudgetMs = 1500;
const sseBudgetMs = 2500;

describeDocker(`docker engine${skipReason ? ` (skipped: ${skipReason})` : ''}`, () => {
  const runId = newRunId();
  const name = (role: string) => `pbdk-${runId}-${role}`;
  const network = name('net');
  let hubDir = '';
  const events: LabEvent[] = [];
  let lab: Lab | undefined;
  const common = [
    '--label',
    `pulseboard.run=${runId}`,
    '--network',
    network,
    '--init',
    '-e',
    'NODE_OPTIONS=--report-exclude-network',
    '-v',
    `${repoRoot}:/app:ro`,
    '-w',
    '/app',
  ];
  const tsx = ['node', '--conditions=source', '--import', 'tsx'];
  let boardIp = '';

  async function startClient(user: string, kind: 'ws' | 'sse'): Promise<string> {
    const cfg = {
      id: '$HOSTNAME',
      kind,
      url: `http://${boardIp}:8080`,
      user,
      password: labPassword(user),
      socket: '/run/pulseboard-lab/hub.sock',
      ns: 'docker',
    };
    await docker([
      'run',
      '-d',
      '--name',
      name(user),
      '--hostname',
      name(user),
      ...common,
      '-v',
      `${hubDir}:/run/pulseboard-lab`,
      '-e',
      `PBL_CLIENT=${JSON.stringify(cfg)}`,
      baseImage,
      ...tsx,
      'packages/netlab/src/docker/client-entry.ts',
    ]);
    return name(user);
  }

  async function until<T>(
    what: string,
    ms: number,
    probe: () => T | undefined | Promise<T | undefined>,
  ): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = await probe();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    // Made here, not while collecting: a skipped suite must leave nothing behind.
    hubDir = mkdtempSync(join(tmpdir(), `pbdk-${runId}-`));
    if (!(await imageExists(baseImage))) await run(join(repoRoot, 'docker/build-base.sh'), [baseImage]);
    await docker(['network', 'create', '--internal', '--label', `pulseboard.run=${runId}`, network]);
    await docker([
      'run',
      '-d',
      '--name',
      name('board'),
      ...common,
      '--tmpfs',
      '/data',
      '-e',
      'PBL_USERS=alice,bob',
      baseImage,
      ...tsx,
      'packages/netlab/src/docker/board-entry.ts',
    ]);
    boardIp = await containerIp(name('board'), network);
    // This process is the lab; it reaches the board through the internal bridge's own address.
    lab = new Lab({ external: { boardUrl: `http://${boardIp}:8080`, hubPath: join(hubDir, 'hub.sock') } });
    lab.on('event', (e) => events.push(e));
    await lab.start();
    const l = lab;
    await until('the board', 60_000, async () => (await l.startBoard().catch(() => undefined))?.running);
  }, 120_000);

  afterAll(async () => {
    await lab?.stop().catch(() => undefined);
    const ids = (await docker(['ps', '-aq', '--filter', `label=pulseboard.run=${runId}`], true)).split(/\s+/);
    if (ids.some(Boolean)) await docker(['rm', '-f', ...ids.filter(Boolean)], true);
    await docker(['network', 'rm', network], true);
    if (hubDir) rmSync(hubDir, { recursive: true, force: true });
  }, 60_000);

  it('sees the client containers and detects a power-off of one within budget', async () => {
    const l = lab!;
    const alice = await startClient('alice', 'ws');
    const bob = await startClient('bob', 'sse');
    // Client ids are the containers' hostnames; both report to the lab and connect.
    await until('both clients connected', 60_000, () => {
      const c = l.listClients();
      return [alice, bob].every((id) => c.find((x) => x.id === id)?.state === 'connected') || undefined;
    });
    expect(
      l
        .listClients()
        .map((c) => c.user)
        .sort(),
    ).toEqual(['alice', 'bob']);

    const fault = await dockerFault('power-off', alice);
    const offline = await until('the board to call alice offline', 10_000, () =>
      events.find(
        (e): e is Extract<LabEvent, { type: 'detected' }> =>
          e.type === 'detected' && e.clientId === alice && e.state === 'offline',
      ),
    );
    const latency = offline.detectedAt - fault.startedAt;
    process.stdout.write(`docker power-off of a ws client: offline after ${latency} ms (${offline.cause})\n`);
    expect(offline.cause).not.toBe('fin');
    expect(latency).toBeGreaterThan(0);
    expect(latency).toBeLessThanOrEqual(wsBudgetMs);
    // bob, an observer on the event stream, hears that alice is gone.
    await until('bob to be told', 5_000, () =>
      events.find((e) => e.type === 'notified' && e.observerId === bob && e.aboutClientId === alice),
    );
    expect((await docker(['inspect', '--format', '{{.State.Running}}', alice])).trim()).toBe('false');
    // No false alarm about the client left alone.
    expect(events.some((e) => e.type === 'detected' && e.clientId === bob)).toBe(false);
    expect(l.client(bob)?.state).toBe('connected');
  });

  it('detects a power-off of an SSE client within the TCP budget', async () => {
    const l = lab!;
    const bob = name('bob');
    const fault = await dockerFault('power-off', bob);
    const offline = await until('the board to call bob offline', 10_000, () =>
      events.find(
        (e): e is Extract<LabEvent, { type: 'detected' }> =>
          e.type === 'detected' && e.clientId === bob && e.state === 'offline',
      ),
    );
    const latency = offline.detectedAt - fault.startedAt;
    process.stdout.write(
      `docker power-off of an sse client: offline after ${latency} ms (${offline.cause})\n`,
    );
    expect(offline.cause).not.toBe('fin');
    expect(latency).toBeLessThanOrEqual(sseBudgetMs);
    expect(l.client(bob)?.state).toBe('offline');
  });
});
