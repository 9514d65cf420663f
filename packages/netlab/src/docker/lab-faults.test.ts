import { describe, expect, it } from 'vitest';
import {
  dockerFaultApplier,
  faultTable,
  filterTable,
  parseContainers,
  planDockerFault,
  refusal,
  type DockerTarget,
  type Exec,
} from './lab-faults.js';

const t: DockerTarget = { id: 'alice-h', container: 'pb_alice_1', pid: 4242, veth: 'veth1a2b' };
const table = faultTable('f-7');
const nft = (input: string) => ({ cmd: 'nsenter', args: ['-t', '4242', '-n', 'nft', '-f', '-'], input });
const healTable = nft('delete table inet pblf_f_7\n');

describe('planDockerFault', () => {
  it('power-off: drop everything in the container netns, then docker kill; nothing to heal', () => {
    const p = planDockerFault('power-off', t, {}, table);
    expect(p.apply).toEqual([nft(filterTable('pblf_f_7', 'drop', 'drop'))]);
    expect(p.after).toEqual([{ cmd: 'docker', args: ['kill', 'pb_alice_1'] }]);
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
    const bh = planDockerFault('blackhole', t, {}, table);
    expect(bh).toEqual({
      apply: [nft(filterTable(table, 'drop', 'drop'))],
      after: [],
      heal: [healTable],
      instant: false,
    });
    const loss = planDockerFault('loss', t, { percent: 30 }, table);
    const r = 'numgen random mod 100 < 30 drop';
    expect(loss.apply).toEqual([nft(filterTable(table, r, r))]);
    expect(loss.heal).toEqual([healTable]);
    const rst = planDockerFault('rst', t, {}, table);
    expect(rst.apply[0]?.input).toContain('meta l4proto tcp reject with tcp reset');
    expect(rst.heal).toEqual([healTable]);
  });

  it('cable-pull: the host-side veth down, up on heal', () => {
    const p = planDockerFault('cable-pull', t, {}, table);
    expect(p.apply).toEqual([{ cmd: 'ip', args: ['link', 'set', 'veth1a2b', 'down'] }]);
    expect(p.heal).toEqual([{ cmd: 'ip', args: ['link', 'set', 'veth1a2b', 'up'] }]);
    expect(() => planDockerFault('cable-pull', { ...t, veth: undefined }, {}, table)).toThrow(
      new TypeError('cable-pull needs the host-side veth of pb_alice_1'),
    );
  });

  it('bandwidth: tbf on both ends of the veth', () => {
    const p = planDockerFault('bandwidth', t, { rateKbit: 256 }, table);
    const tbf = ['root', 'tbf', 'rate', '256kbit', 'burst', '16kbit', 'latency', '100ms'];
    expect(p.apply).toEqual([
      { cmd: 'nsenter', args: ['-t', '4242', '-n', 'tc', 'qdisc', 'replace', 'dev', 'eth0', ...tbf] },
      { cmd: 'tc', args: ['qdisc', 'replace', 'dev', 'veth1a2b', ...tbf] },
    ]);
    expect(p.heal).toEqual([
      { cmd: 'nsenter', args: ['-t', '4242', '-n', 'tc', 'qdisc', 'del', 'dev', 'eth0', 'root'] },
      { cmd: 'tc', args: ['qdisc', 'del', 'dev', 'veth1a2b', 'root'] },
    ]);
  });

  it('fin: SIGUSR2 to the client, instant', () => {
    const p = planDockerFault('fin', t, {}, table);
    expect(p.apply).toEqual([{ cmd: 'docker', args: ['kill', '--signal', 'SIGUSR2', 'pb_alice_1'] }]);
    expect(p.instant).toBe(true);
  });

  it('refuses what needs the namespace engine, and bad params, with exact messages', () => {
    expect(() => planDockerFault('delay', t, { delayMs: 100 }, table)).toThrow(
      new TypeError(refusal('delay')),
    );
    expect(refusal('delay')).toMatch(
      /^delay needs the namespace engine \(`pulseboard-lab serve` without --external-board\)/,
    );
    expect(refusal('partition')).toMatch(/^partition needs the namespace engine/);
    expect(refusal('power-off')).toBeUndefined();
    expect(() => planDockerFault('loss', t, {}, table)).toThrow(
      new TypeError('loss needs params.percent between 1 and 100'),
    );
  });
});

describe('parseContainers', () => {
  it('maps hostnames to running containers and their pids', () => {
    const m = parseContainers('alice-h /pb_alice_1 4242\nabc123 /pb_board_1 77\nstopped /pb_x 0\n');
    expect(m.get('alice-h')).toEqual({ container: 'pb_alice_1', pid: 4242 });
    expect(m.get('abc123')).toEqual({ container: 'pb_board_1', pid: 77 });
    expect(m.has('stopped')).toBe(false);
  });
});

describe('dockerFaultApplier', () => {
  function fakeDocker() {
    const calls: { cmd: string; args: string[]; input?: string; allowFail?: boolean }[] = [];
    const exec: Exec = (cmd, args, o = {}) => {
      calls.push({ cmd, args, ...o });
      if (cmd === 'docker' && args[0] === 'ps') return Promise.resolve('aaa\nbbb\n');
      if (cmd === 'docker' && args[0] === 'inspect')
        return Promise.resolve('alice-h /pb_alice_1 4242\nbob-h /pb_bob_1 4343\n');
      return Promise.resolve('');
    };
    return { calls, exec };
  }

  it('finds containers by hostname, times the power-off from the blackhole, before the kill', async () => {
    const { calls, exec } = fakeDocker();
    const before = Date.now();
    const { applied, startedAt } = await dockerFaultApplier(exec)('f-1', 'power-off', ['alice-h'], {});
    expect(startedAt).toBeGreaterThanOrEqual(before);
    expect(calls.map((c) => [c.cmd, ...c.args.slice(0, 3)].join(' '))).toEqual([
      'docker ps -q',
      'docker inspect --format {{.Config.Hostname}} {{.Name}} {{.State.Pid}}',
      'nsenter -t 4242 -n',
      'docker kill pb_alice_1',
    ]);
    expect(applied).toMatchObject({ fidelity: 'kernel', instant: false });
  });

  it('heals once, ignoring failures (the container may be gone)', async () => {
    const { calls, exec } = fakeDocker();
    const { applied } = await dockerFaultApplier(exec)('f-2', 'blackhole', ['alice-h', 'bob-h'], {});
    calls.length = 0;
    await applied.heal();
    await applied.heal();
    expect(calls.map((c) => [c.args[1], c.input, c.allowFail])).toEqual([
      ['4242', 'delete table inet pblf_f_2\n', true],
      ['4343', 'delete table inet pblf_f_2\n', true],
    ]);
  });

  it('refuses unknown containers, the board and unsupported kinds before touching anything', async () => {
    const { calls, exec } = fakeDocker();
    const apply = dockerFaultApplier(exec);
    await expect(apply('f-3', 'power-off', ['carol-h'], {})).rejects.toThrow(
      new TypeError('no running container has the hostname "carol-h" (the client\'s id)'),
    );
    await expect(apply('f-4', 'blackhole', ['board'], {})).rejects.toThrow(
      new TypeError('the board cannot be a fault target with the Docker engine'),
    );
    calls.length = 0;
    await expect(apply('f-5', 'delay', ['alice-h'], { delayMs: 50 })).rejects.toThrow(/namespace engine/);
    await expect(apply('f-6', 'partition', [], { map: {} })).rejects.toThrow(/namespace engine/);
    expect(calls).toEqual([]);
  });
});
