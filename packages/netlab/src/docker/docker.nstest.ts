import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labPassword } from '../controller/board.js';
import { parseDetection } from '../controller/detection.js';
import { Lab } from '../lab.js';
import { newRunId } from '../net/names.js';
import { isRoot } from '@pulseboard/harness/testing/root';
import type { LabEvent } from '../types.js';
import { repoRoot } from '../util/paths.js';
import { run } from '../util/exec.js';
import { containerIp, containerPid, docker, dockerUnavailable, imageExists } from './engine.js';
import { DockerApi } from './docker-api.js';

// The Docker engine end to end: a board container and client containers on an internal
// network, this process as the lab (external mode, the hub socket bind-mounted into the
// clients), faults applied through `lab.fault()` with the Docker engine's applier, one client
// powered off and its detection timed and attributed by the lab itself (by address). Faults go
// through the Docker API (helper containers, network disconnect); the test itself checks their
// traces with nsenter, so it needs root. Runs where a Docker daemon answers; anywhere else it is
// skipped with the reason (CI runs it through scripts/docker-suite.mjs on a private daemon).
// Containers run the base image with this work tree mounted read-only, so the test always
// exercises the current sources (the base is built from local files when missing).
const baseImage = 'pulseboard-base:local';
// scripts/docker-suite.mjs (CI) sets PBL_DOCKER_SUITE=1 with its private daemon: there a
// missing daemon or root is a failure, never a skip. Elsewhere (`npm test`) it runs when a
// daemon answers and is skipped with the reason otherwise.
const required = process.env.PBL_DOCKER_SUITE === '1';
const skipReason = isRoot ? await dockerUnavailable() : 'needs root (nsenter, nft)';
const describeDocker = skipReason && !required ? describe.skip : describe;
if (skipReason && required)
  describe('docker engine', () => it(`cannot run: ${skipReason}`, () => expect.fail(skipReason)));

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

  /**
   * A connection of `user`'s from this host (as the lab UI's framed panel would be), closed with
   * a FIN once the board took it; resolves when the board has logged its detection of it.
   */
  async function decoyClose(user: string): Promise<void> {
    const auth = 'Basic ' + Buffer.from(`${user}:${labPassword(user)}`).toString('base64');
    await new Promise<void>((resolve, reject) => {
      const req = request(`http://${boardIp}:8080/api/events`, {
        headers: { authorization: auth, accept: 'text/event-stream' },
      });
      req.on('response', (res) => {
        res.resume();
        setTimeout(() => {
          res.socket.end();
          resolve();
        }, 300);
      });
      req.on('error', reject);
      req.end();
    });
    await until(`the board's detection of ${user}'s closed decoy`, 10_000, async () => {
      const log = await docker(['logs', name('board')], true);
      return log
        .split('\n')
        .map(parseDetection)
        .find((d) => d?.user === user && d.cause === 'fin' && d.state === 'offline');
    });
    // The lab has read the board's stream by now (it is as fast as the log).
    await new Promise((r) => setTimeout(r, 200));
  }

  beforeAll(async () => {
    // Made here, not while collecting: a skipped suite must leave nothing behind.
    hubDir = mkdtempSync(join(tmpdir(), `pbdk-${runId}-`));
    if (!(await imageExists(baseImage))) await run(join(repoRoot, 'docker/build-base.sh'), [baseImage]);
    // A subnet of its own, so a client cut off by a partition comes back at the same address.
    await docker([
      'network',
      'create',
      '--internal',
      '--subnet',
      '172.31.243.0/24',
      '--label',
      `pulseboard.run=${runId}`,
      network,
    ]);
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
    lab = new Lab({
      external: {
        boardUrl: `http://${boardIp}:8080`,
        hubPath: join(hubDir, 'hub.sock'),
        docker: new DockerApi(),
      },
    });
    lab.on('event', (e) => events.push(e));
    await lab.start();
    const l = lab;
    await until('the board', 120_000, async () => (await l.startBoard().catch(() => undefined))?.running);
  }, 120_000);

  afterAll(async () => {
    await lab?.stop().catch(() => undefined);
    const ids = (await docker(['ps', '-aq', '--filter', `label=pulseboard.run=${runId}`], true)).split(/\s+/);
    if (ids.some(Boolean)) await docker(['rm', '-f', ...ids.filter(Boolean)], true);
    await docker(['network', 'rm', network], true);
    if (hubDir) rmSync(hubDir, { recursive: true, force: true });
  }, 120_000);

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

    // Each client's address is the one it reaches the board from: its container's.
    for (const id of [alice, bob]) expect(l.client(id)?.address).toBe(await containerIp(id, network));
    // Attribution is by address: alice's other connection (from the host, like a framed panel)
    // closing is a detection of the board's, but not one of her client's.
    await decoyClose('alice');
    // (Only the decoy's FIN is in question: a suspect of a starved client under load is not.)
    expect(events.filter((e) => e.type === 'detected' && e.state === 'offline')).toEqual([]);

    const fault = await l.fault('power-off', [alice]);
    expect(l.listFaults().map((f) => f.id)).toContain(fault.id);
    expect(events).toContainEqual({ type: 'fault', at: fault.startedAt, fault });
    const offline = await until('the board to call alice offline', 10_000, () =>
      events.find(
        (e): e is Extract<LabEvent, { type: 'detected' }> =>
          e.type === 'detected' && e.clientId === alice && e.state === 'offline',
      ),
    );
    const suspect = events.find(
      (e) => e.type === 'detected' && e.clientId === alice && e.state === 'suspect',
    );
    process.stdout.write(
      `docker power-off of a ws client through lab.fault(): ${suspect && 'latencyMs' in suspect ? `suspect ${suspect.latencyMs} ms, ` : ''}` +
        `offline latencyMs ${offline.latencyMs} (${offline.cause})\n`,
    );
    expect(offline.cause).not.toBe('fin');
    expect(offline.user).toBe('alice');
    expect(offline.latencyMs).toBe(offline.detectedAt - fault.startedAt);
    expect(offline.latencyMs).toBeGreaterThanOrEqual(0);
    expect(offline.latencyMs).toBeLessThanOrEqual(wsBudgetMs);
    // bob, an observer on the event stream, hears that alice is gone, timed from the same fault.
    const told = await until('bob to be told', 5_000, () =>
      events.find(
        (e): e is Extract<LabEvent, { type: 'notified' }> =>
          e.type === 'notified' && e.observerId === bob && e.aboutClientId === alice,
      ),
    );
    expect(told.latencyMs).toBeGreaterThanOrEqual(0);
    expect((await docker(['inspect', '--format', '{{.State.Running}}', alice])).trim()).toBe('false');
    expect(l.client(alice)?.state).toBe('offline');
    // No false alarm about the client left alone.
    expect(events.some((e) => e.type === 'detected' && e.clientId === bob)).toBe(false);
    expect(l.client(bob)?.state).toBe('connected');
    // Healing a power-off lifts nothing (the container is gone) and ends the fault.
    expect((await l.heal(fault.id)).endedAt).toBeGreaterThanOrEqual(fault.startedAt);
  });

  it('applies and heals the kernel faults it can, refuses the ones that need namespaces', async () => {
    const l = lab!;
    const bob = name('bob');
    const pid = String(await containerPid(bob));
    const tables = async () => await run('nsenter', ['-t', pid, '-n', 'nft', 'list', 'tables']);
    const qdisc = async () => await run('nsenter', ['-t', pid, '-n', 'tc', 'qdisc', 'show', 'dev', 'eth0']);
    for (const [kind, params] of [
      ['blackhole', {}],
      ['loss', { percent: 10 }],
      ['rst', {}],
    ] as const) {
      const f = await l.fault(kind, [bob], params);
      expect(await tables()).toContain(`pblf_${f.id.replace(/[^a-zA-Z0-9_]/g, '_')}`);
      await l.heal(f.id);
      expect(await tables()).not.toContain('pblf_');
    }
    const bw = await l.fault('bandwidth', [bob], { rateKbit: 2000 });
    expect(await qdisc()).toContain('tbf');
    await l.heal(bw.id);
    expect(await qdisc()).not.toContain('tbf');
    const cable = await l.fault('cable-pull', [bob]);
    await l.heal(cable.id);
    await expect(l.fault('delay', [bob], { delayMs: 50 })).rejects.toThrow(/needs the namespace engine/);
    // A one-way cut is an nft table in bob's namespace; a two-way cut from the board takes him
    // off the network (Docker-native) and back, at the same address.
    const oneWay = await l.fault('partition', [], { map: { [bob]: ['board'] } });
    expect(await tables()).toContain('pblf_');
    await l.heal(oneWay.id);
    expect(await tables()).not.toContain('pblf_');
    const before = await containerIp(bob, network);
    const cut = await l.fault('partition', [], { map: { [bob]: ['board'], board: [bob] } });
    await expect(containerIp(bob, network)).rejects.toThrow(/no address/);
    await l.heal(cut.id);
    expect(await containerIp(bob, network)).toBe(before);
    // bob (reconnected after the cut, if the board noticed it) is connected again.
    await until('bob connected again', 20_000, () =>
      l.client(bob)?.state === 'connected' ? true : undefined,
    );
  });

  it('detects a power-off of an SSE client within the TCP budget', async () => {
    const l = lab!;
    const bob = name('bob');
    const fault = await l.fault('power-off', [bob]);
    const offline = await until('the board to call bob offline', 10_000, () =>
      events.find(
        (e): e is Extract<LabEvent, { type: 'detected' }> =>
          e.type === 'detected' && e.clientId === bob && e.state === 'offline' && e.faultId === fault.id,
      ),
    );
    process.stdout.write(
      `docker power-off of an sse client through lab.fault(): offline latencyMs ${offline.latencyMs} (${offline.cause})\n`,
    );
    expect(offline.cause).not.toBe('fin');
    expect(offline.latencyMs).toBe(offline.detectedAt - fault.startedAt);
    expect(offline.latencyMs).toBeGreaterThanOrEqual(0);
    expect(offline.latencyMs).toBeLessThanOrEqual(sseBudgetMs);
    expect(l.client(bob)?.state).toBe('offline');
  });
});
