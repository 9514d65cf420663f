import { describe, expect, it } from 'vitest';
import { dockerFaultApplier, type Engine } from './lab-faults.js';
import {
  faultTable,
  filterTable,
  planDockerFault,
  planPartition,
  refusal,
  type DockerTarget,
} from './plan.js';

const t: DockerTarget = { id: 'alice-h', container: 'c-alice' };
const table = faultTable('f-7');
const nft = (input: string) => ({ cmd: 'nft', args: ['-f', '-'], input });
const helper = (...commands: object[]) => ({ do: 'helper', container: 'c-alice', commands });
const healTable = helper(nft('delete table inet pblf_f_7\n'));

describe('planDockerFault', () => {
  it('power-off: drop everything in the container netns, then SIGKILL; nothing to heal', () => {
    const p = planDockerFault('power-off', t, {}, table);
    expect(p.apply).toEqual([helper(nft(filterTable('pblf_f_7', 'drop', 'drop')))]);
    expect(p.after).toEqual([{ do: 'signal', container: 'c-alice', signal: 'SIGKILL' }]);
    expect(p.heal).toEqual([]);
    expect(p.instant).toBe(false);
    expect(filterTable('pblf_f_7', 'drop', 'drop')).toBe(
      'table inet pblf_f_7 {\n' +
        '  chain in { type filter hook input priority -300; policy accept; drop; }\n' +
        '  chain out { type filter hook output priority -300; policy accept; drop; }\n' +
        '}\n',
    );
  });

  it('blackhole, loss and rst: one nft table of their own, deleted on heal', () => {
    expect(planDockerFault('blackhole', t, {}, table)).toEqual({
      apply: [helper(nft(filterTable(table, 'drop', 'drop')))],
      after: [],
      heal: [healTable],
      instant: false,
    });
    const r = 'numgen random mod 100 < 30 drop';
    expect(planDockerFault('loss', t, { percent: 30 }, table).apply).toEqual([
      helper(nft(filterTable(table, r, r))),
    ]);
    const rst = planDockerFault('rst', t, {}, table);
    expect(JSON.stringify(rst.apply)).toContain('meta l4proto tcp reject with tcp reset');
    expect(rst.heal).toEqual([healTable]);
  });

  it('cable-pull: eth0 down in the helper, up on heal; bandwidth: tbf on eth0', () => {
    const p = planDockerFault('cable-pull', t, {}, table);
    expect(p.apply).toEqual([helper({ cmd: 'ip', args: ['link', 'set', 'eth0', 'down'] })]);
    expect(p.heal).toEqual([helper({ cmd: 'ip', args: ['link', 'set', 'eth0', 'up'] })]);
    const b = planDockerFault('bandwidth', t, { rateKbit: 256 }, table);
    const tbf = ['root', 'tbf', 'rate', '256kbit', 'burst', '16kbit', 'latency', '100ms'];
    expect(b.apply).toEqual([helper({ cmd: 'tc', args: ['qdisc', 'replace', 'dev', 'eth0', ...tbf] })]);
  });

  it('fin: SIGUSR2 to the client, instant', () => {
    const p = planDockerFault('fin', t, {}, table);
    expect(p.apply).toEqual([{ do: 'signal', container: 'c-alice', signal: 'SIGUSR2' }]);
    expect(p.instant).toBe(true);
  });

  it('refuses delay with the reason, and bad params, with exact messages', () => {
    expect(() => planDockerFault('delay', t, { delayMs: 100 }, table)).toThrow(
      new TypeError(refusal('delay')),
    );
    expect(refusal('delay')).toMatch(/^delay needs the namespace engine .*no sch_netem/);
    expect(refusal('partition')).toBeUndefined();
    expect(() => planDockerFault('loss', t, {}, table)).toThrow(
      new TypeError('loss needs params.percent between 1 and 100'),
    );
  });
});

describe('planPartition', () => {
  const containerOf = (id: string): DockerTarget => ({ id, container: `c-${id}` });
  const addressOf = (id: string) => ({ board: '10.0.0.2', a: '10.0.0.3', b: '10.0.0.4' })[id]!;

  it('a client cut both ways from the board is disconnected, connected back on heal', () => {
    const p = planPartition({ a: ['board'], board: ['a'] }, containerOf, addressOf, table);
    expect(p.apply).toEqual([{ do: 'disconnect', container: 'c-a' }]);
    expect(p.heal).toEqual([{ do: 'connect', container: 'c-a' }]);
  });

  it('one-way cuts are nft drops in the client at their end, either direction', () => {
    const p = planPartition({ a: ['board'], board: ['b'] }, containerOf, addressOf, table);
    expect(p.apply).toEqual([
      {
        do: 'helper',
        container: 'c-a',
        commands: [nft(filterTable(table, 'accept', 'ip daddr 10.0.0.2 drop'))],
      },
      {
        do: 'helper',
        container: 'c-b',
        commands: [nft(filterTable(table, 'ip saddr 10.0.0.2 drop', 'accept'))],
      },
    ]);
    expect(() => planPartition({ a: [] }, containerOf, addressOf, table)).toThrow(/cuts nothing/);
  });
});

describe('dockerFaultApplier', () => {
  function fakeEngine() {
    const calls: string[] = [];
    const api: Engine = {
      containerOf: (id) => {
        if (id === 'carol-h')
          return Promise.reject(new TypeError('no running container has the hostname "carol-h"'));
        return Promise.resolve(`c-${id}`);
      },
      addressOf: () => Promise.resolve('10.0.0.9'),
      helper: (c, cmds, tolerant) => (
        calls.push(`helper ${c} ${cmds.map((x) => x.cmd).join(',')}${tolerant ? ' tolerant' : ''}`),
        Promise.resolve(1234)
      ),
      signal: (c, s) => (calls.push(`signal ${c} ${s}`), Promise.resolve()),
      disconnect: (c) => (calls.push(`disconnect ${c}`), Promise.resolve()),
      connect: (c) => (calls.push(`connect ${c}`), Promise.resolve()),
    };
    return { calls, api };
  }

  it('times the power-off from the helper (the blackhole in effect), then kills', async () => {
    const { calls, api } = fakeEngine();
    const { applied, startedAt } = await dockerFaultApplier(api)('f-1', 'power-off', ['alice-h'], {});
    expect(startedAt).toBe(1234);
    expect(calls).toEqual(['helper c-alice-h nft', 'signal c-alice-h SIGKILL']);
    expect(applied).toMatchObject({ fidelity: 'kernel', instant: false });
  });

  it('heals once, tolerating failures (the container may be gone)', async () => {
    const { calls, api } = fakeEngine();
    const { applied } = await dockerFaultApplier(api)('f-2', 'blackhole', ['alice-h', 'bob-h'], {});
    calls.length = 0;
    await applied.heal();
    await applied.heal();
    expect(calls.sort()).toEqual(['helper c-alice-h nft tolerant', 'helper c-bob-h nft tolerant']);
  });

  it('refuses unknown containers, the board and delay before touching anything', async () => {
    const { calls, api } = fakeEngine();
    const apply = dockerFaultApplier(api);
    await expect(apply('f-3', 'power-off', ['carol-h'], {})).rejects.toThrow(/carol-h/);
    await expect(apply('f-4', 'blackhole', ['board'], {})).rejects.toThrow(
      new TypeError('the board cannot be a fault target with the Docker engine'),
    );
    await expect(apply('f-5', 'delay', ['alice-h'], { delayMs: 50 })).rejects.toThrow(/namespace engine/);
    expect(calls).toEqual([]);
  });

  it('partition: a two-way cut from the board disconnects the client', async () => {
    const { calls, api } = fakeEngine();
    const { applied } = await dockerFaultApplier(api, '127.0.0.1')('f-6', 'partition', [], {
      map: { 'alice-h': ['board'], board: ['alice-h'] },
    });
    expect(calls).toEqual(['disconnect c-alice-h']);
    await applied.heal();
    expect(calls).toEqual(['disconnect c-alice-h', 'connect c-alice-h']);
  });
});
