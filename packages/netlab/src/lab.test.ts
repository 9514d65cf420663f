import { connect, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { BoardEvent } from './controller/board-watch.js';
import type { DockerFaultApi } from './engine/docker.js';
import { Lab } from './lab.js';
import type { LabEvent } from './types.js';

// The external (Docker) engine's bookkeeping, without Docker: a fake Docker API, a client that
// says hello on the hub socket, and board detection events handed in as the board watch would.

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

async function externalLab(docker?: DockerFaultApi) {
  const dir = mkdtempSync(join(tmpdir(), 'pblab-ext-'));
  const lab = new Lab({
    external: { boardUrl: 'http://127.0.0.1:1', hubPath: join(dir, 'hub.sock'), docker },
  });
  const events: LabEvent[] = [];
  lab.on('event', (e) => events.push(e));
  await lab.start();
  const socks: Socket[] = [];
  cleanup.push(async () => {
    socks.forEach((s) => s.destroy());
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const hello = async (id: string, user: string, address?: string, kind = 'ws') => {
    const s = connect(join(dir, 'hub.sock'));
    socks.push(s);
    s.write(JSON.stringify({ t: 'hello', id, pid: 1, kind, user, address }) + '\n');
    s.write(JSON.stringify({ t: 'state', id, state: 'connected', at: Date.now() }) + '\n');
    const ready = () => {
      const c = lab.client(id);
      return c?.state === 'connected' && c.address === (address ?? '');
    };
    for (let i = 0; i < 100 && !ready(); i++) await new Promise((r) => setTimeout(r, 10));
  };
  const board = (e: BoardEvent) => (lab as unknown as { onBoardEvent(e: BoardEvent): void }).onBoardEvent(e);
  return { lab, events, hello, board };
}

const detected = (events: LabEvent[]) =>
  events.filter((e): e is Extract<LabEvent, { type: 'detected' }> => e.type === 'detected');

describe('Lab with an external engine', () => {
  it('takes the address from hello and attributes detections by it', async () => {
    const { lab, events, hello, board } = await externalLab();
    await hello('alice-h', 'alice', '172.30.0.3');
    expect(lab.client('alice-h')).toMatchObject({ address: '172.30.0.3', state: 'connected', user: 'alice' });
    // Another connection of alice's (a panel from the host) closing: not her client's.
    board({
      type: 'detection',
      state: 'dead',
      cause: 'fin',
      user: 'alice',
      remote: '172.30.0.1',
      detectedAt: 5,
      lastHeardAt: 5,
    });
    expect(detected(events)).toEqual([]);
    board({
      type: 'detection',
      state: 'dead',
      cause: 'fin',
      user: 'alice',
      remote: '::ffff:172.30.0.3:40000',
      detectedAt: 5,
      lastHeardAt: 5,
    });
    expect(detected(events)).toMatchObject([{ clientId: 'alice-h', latencyMs: -1 }]);
  });

  it("a browser's page-load socket ending after its WebSocket joined leaves it connected", async () => {
    const { lab, events, hello, board } = await externalLab();
    await hello('carol-b', 'carol', '172.30.0.4', 'browser');
    const end = (transport: string) =>
      board({
        type: 'detection',
        state: 'dead',
        cause: 'fin',
        user: 'carol',
        remote: '172.30.0.4',
        transport,
        detectedAt: 5,
        lastHeardAt: 5,
      });
    end('http'); // the board's record of a keep-alive socket the page load used
    expect(detected(events)).toEqual([]);
    expect(lab.client('carol-b')?.state).toBe('connected');
    end('ws'); // the panel's own link
    expect(detected(events)).toMatchObject([{ clientId: 'carol-b', cause: 'fin' }]);
    expect(lab.client('carol-b')?.state).toBe('offline');
  });

  it('applies faults through the Docker API, times detections from when they took effect and heals', async () => {
    const calls: string[] = [];
    let healed = 0;
    const docker: DockerFaultApi = {
      containerOf: (id) => Promise.resolve(`c-${id}`),
      addressOf: () => Promise.resolve('172.30.0.3'),
      // The helper container says when its commands took effect.
      helper: (c, cmds, tolerant) => {
        calls.push(`${c} ${cmds.map((x) => x.cmd).join(',')}`);
        if (tolerant) healed++;
        return Promise.resolve(1_000_000);
      },
      signal: () => Promise.resolve(),
      disconnect: () => Promise.resolve(),
      connect: () => Promise.resolve(),
    };
    const { lab, events, hello, board } = await externalLab(docker);
    await hello('alice-h', 'alice', '172.30.0.3');
    const fault = await lab.fault('blackhole', ['alice-h']);
    expect(calls).toEqual(['c-alice-h nft']);
    expect(fault).toMatchObject({
      kind: 'blackhole',
      targets: ['alice-h'],
      startedAt: 1_000_000,
      fidelity: 'kernel',
    });
    expect(lab.listFaults()).toHaveLength(1);
    board({
      type: 'detection',
      state: 'dead',
      cause: 'heartbeat-timeout',
      user: 'alice',
      remote: '172.30.0.3',
      detectedAt: 1_000_750,
      lastHeardAt: 1_000_000,
    });
    expect(detected(events)).toMatchObject([{ clientId: 'alice-h', state: 'offline', latencyMs: 750 }]);
    const after = await lab.heal(fault.id);
    expect(healed).toBe(1);
    expect(after.endedAt).toBeGreaterThanOrEqual(after.startedAt);
    expect(lab.listFaults()).toEqual([]);
    await expect(lab.fault('blackhole', ['nobody'])).rejects.toThrow(
      new TypeError('unknown fault target "nobody"'),
    );
  });

  it('refuses faults without an applier, saying what would do them', async () => {
    const { lab, hello } = await externalLab();
    await hello('alice-h', 'alice', '172.30.0.3');
    await expect(lab.fault('power-off', ['alice-h'])).rejects.toThrow(
      /no fault applier: it needs the Docker API \(mount the Docker socket/,
    );
  });

  it('takes a restarted client back with its new address', async () => {
    const { lab, hello } = await externalLab();
    await hello('alice-h', 'alice', '172.30.0.3');
    await hello('alice-h', 'alice', '172.30.0.9');
    expect(lab.client('alice-h')).toMatchObject({ address: '172.30.0.9', state: 'connected' });
    expect(lab.listClients()).toHaveLength(1);
  });
});
