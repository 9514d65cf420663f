import { describe, expect, it } from 'vitest';
import { faultTable, filterTable } from './plan.js';
import { refusal, planPartition } from '../docker/plan.js';
import { applyPlan } from './engine.js';
import { DockerEngine, noDockerApi, type DockerFaultApi } from './docker.js';

// The Docker engine's own plans (partition) and how it runs plans through the Docker API
// (a fake API here; docker.nstest.ts runs them on a real daemon).
const table = faultTable('f-7');
const nft = (input: string) => ({ cmd: 'nft', args: ['-f', '-'], input });

describe('planPartition', () => {
  const addressOf = (id: string) => ({ board: '10.0.0.2', a: '10.0.0.3', b: '10.0.0.4' })[id]!;

  it('a client cut both ways from the board is disconnected, connected back on heal', () => {
    const p = planPartition({ a: ['board'], board: ['a'] }, addressOf, table);
    expect(p.apply).toEqual([{ do: 'disconnect', host: 'a' }]);
    expect(p.heal).toEqual([{ do: 'connect', host: 'a' }]);
  });

  it('one-way cuts are nft drops in the client at their end, either direction', () => {
    const p = planPartition({ a: ['board'], board: ['b'] }, addressOf, table);
    expect(p.apply).toEqual([
      { do: 'exec', host: 'a', commands: [nft(filterTable(table, 'accept', 'ip daddr 10.0.0.2 drop'))] },
      { do: 'exec', host: 'b', commands: [nft(filterTable(table, 'ip saddr 10.0.0.2 drop', 'accept'))] },
    ]);
    expect(() => planPartition({ a: [] }, addressOf, table)).toThrow(/cuts nothing/);
  });

  it('refuses delay with the reason', () => {
    expect(refusal('delay')).toMatch(/^delay needs the namespace engine .*no sch_netem/);
    expect(refusal('partition')).toBeUndefined();
  });
});

describe('DockerEngine', () => {
  function fakeApi() {
    const calls: string[] = [];
    const api: DockerFaultApi = {
      containerOf: (id) => {
        if (id === 'carol-h')
          return Promise.reject(new TypeError('no running container has the hostname "carol-h"'));
        return Promise.resolve(`c-${id}`);
      },
      addressOf: () => Promise.resolve('10.0.0.9'),
      helper: (c, cmds, tolerant) => (
        calls.push(
          `helper ${c} ${cmds.map((x) => [x.cmd, ...x.args].join(' ')).join(',')}${tolerant ? ' tolerant' : ''}`,
        ),
        Promise.resolve(1234)
      ),
      signal: (c, s) => (calls.push(`signal ${c} ${s}`), Promise.resolve()),
      disconnect: (c) => (calls.push(`disconnect ${c}`), Promise.resolve()),
      connect: (c) => (calls.push(`connect ${c}`), Promise.resolve()),
    };
    const engine = new DockerEngine({ hubPath: '/nowhere', api, boardHost: '127.0.0.1' });
    const apply = async (...args: Parameters<DockerEngine['plan']>) => {
      const plan = await engine.plan(...args);
      return { plan, ...(await applyPlan(engine, plan)) };
    };
    return { calls, engine, apply };
  }

  it('times the power-off from the helper (the blackhole in effect), then kills', async () => {
    const { calls, apply } = fakeApi();
    const { plan, startedAt } = await apply('f-1', 'power-off', ['alice-h'], {});
    expect(startedAt).toBe(1234);
    expect(calls).toEqual(['helper c-alice-h nft -f -', 'signal c-alice-h SIGKILL']);
    expect(plan).toMatchObject({ fidelity: 'kernel', instant: false, heal: [] });
  });

  it('cable-pull: eth0 down by a helper in the container', async () => {
    const { calls, apply } = fakeApi();
    const { heal } = await apply('f-8', 'cable-pull', ['alice-h'], {});
    await heal();
    expect(calls).toEqual([
      'helper c-alice-h ip link set eth0 down',
      'helper c-alice-h ip link set eth0 up tolerant',
    ]);
  });

  it('heals once, tolerating failures (the container may be gone)', async () => {
    const { calls, apply } = fakeApi();
    const { heal } = await apply('f-2', 'blackhole', ['alice-h', 'bob-h'], {});
    calls.length = 0;
    await heal();
    await heal();
    expect(calls.sort()).toEqual(['helper c-alice-h nft -f - tolerant', 'helper c-bob-h nft -f - tolerant']);
  });

  it('refuses unknown containers, the board and delay before touching anything', async () => {
    const { calls, apply } = fakeApi();
    await expect(apply('f-3', 'power-off', ['carol-h'], {})).rejects.toThrow(/carol-h/);
    await expect(apply('f-4', 'blackhole', ['board'], {})).rejects.toThrow(
      new TypeError('the board cannot be a fault target with the Docker engine'),
    );
    await expect(apply('f-5', 'delay', ['alice-h'], { delayMs: 50 })).rejects.toThrow(/namespace engine/);
    expect(calls).toEqual([]);
  });

  it('partition: a two-way cut from the board disconnects the client', async () => {
    const { calls, apply } = fakeApi();
    const { heal } = await apply('f-6', 'partition', [], {
      map: { 'alice-h': ['board'], board: ['alice-h'] },
    });
    expect(calls).toEqual(['disconnect c-alice-h']);
    await heal();
    expect(calls).toEqual(['disconnect c-alice-h', 'connect c-alice-h']);
  });

  it('a cut took effect when Docker answered, not when it was asked (the two engines stamp alike)', async () => {
    const engine = new DockerEngine({
      hubPath: '/nowhere',
      boardHost: '127.0.0.1',
      api: {
        containerOf: (id) => Promise.resolve(`c-${id}`),
        addressOf: () => Promise.resolve('10.0.0.9'),
        helper: () => Promise.resolve(Date.now()),
        signal: () => Promise.resolve(),
        disconnect: () => new Promise((r) => setTimeout(r, 200)),
        connect: () => Promise.resolve(),
      },
    });
    const plan = await engine.plan('f-10', 'partition', [], {
      map: { 'alice-h': ['board'], board: ['alice-h'] },
    });
    const asked = Date.now();
    const { startedAt } = await applyPlan(engine, plan);
    expect(startedAt - asked).toBeGreaterThanOrEqual(190);
  });

  it('without the Docker API every fault is refused, saying why', async () => {
    const engine = new DockerEngine({ hubPath: '/nowhere' });
    expect(engine.support('blackhole')).toEqual({ refused: noDockerApi });
    await expect(engine.plan('f-9', 'blackhole', ['alice-h'], {})).rejects.toThrow(noDockerApi);
  });
});
