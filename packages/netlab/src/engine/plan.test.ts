import { describe, expect, it } from 'vitest';
import { faultTable, filterTable, mergePlans, planHostFault } from './plan.js';

// A fault as data, the same on both engines.
const table = faultTable('f-7');
const nft = (input: string) => ({ cmd: 'nft', args: ['-f', '-'], input });
const exec = (...commands: object[]) => ({ do: 'exec', host: 'alice', commands });
const healTable = exec(nft('delete table inet pblf_f_7\n'));

describe('planHostFault', () => {
  it('power-off: drop everything in the host netns, then SIGKILL; heal lifts the filter', () => {
    const p = planHostFault('power-off', 'alice', {}, table);
    expect(p.apply).toEqual([exec(nft(filterTable('pblf_f_7', 'drop', 'drop')))]);
    expect(p.after).toEqual([{ do: 'signal', host: 'alice', signal: 'SIGKILL' }]);
    expect(p.heal).toEqual([healTable]);
    expect(p).toMatchObject({ instant: false, fidelity: 'kernel' });
    expect(filterTable('pblf_f_7', 'drop', 'drop')).toBe(
      'table inet pblf_f_7 {\n' +
        '  chain in { type filter hook input priority -300; policy accept; drop; }\n' +
        '  chain out { type filter hook output priority -300; policy accept; drop; }\n' +
        '}\n',
    );
  });

  it('blackhole, loss and rst: one nft table of their own, deleted on heal', () => {
    expect(planHostFault('blackhole', 'alice', {}, table)).toEqual({
      apply: [exec(nft(filterTable(table, 'drop', 'drop')))],
      after: [],
      heal: [healTable],
      instant: false,
      fidelity: 'kernel',
    });
    const r = 'numgen random mod 100 < 30 drop';
    expect(planHostFault('loss', 'alice', { percent: 30 }, table).apply).toEqual([
      exec(nft(filterTable(table, r, r))),
    ]);
    const rst = planHostFault('rst', 'alice', {}, table);
    expect(JSON.stringify(rst.apply)).toContain('meta l4proto tcp reject with tcp reset');
    expect(rst.heal).toEqual([healTable]);
  });

  it('cable-pull: the link down, up on heal; bandwidth: tbf on eth0', () => {
    const p = planHostFault('cable-pull', 'alice', {}, table);
    expect(p.apply).toEqual([{ do: 'link', host: 'alice', state: 'down' }]);
    expect(p.heal).toEqual([{ do: 'link', host: 'alice', state: 'up' }]);
    const b = planHostFault('bandwidth', 'alice', { rateKbit: 256 }, table);
    const tbf = ['root', 'tbf', 'rate', '256kbit', 'burst', '16kbit', 'latency', '100ms'];
    expect(b.apply).toEqual([exec({ cmd: 'tc', args: ['qdisc', 'replace', 'dev', 'eth0', ...tbf] })]);
    expect(b.heal).toEqual([exec({ cmd: 'tc', args: ['qdisc', 'del', 'dev', 'eth0', 'root'] })]);
  });

  it('fin: SIGUSR2 to the host, instant', () => {
    const p = planHostFault('fin', 'alice', {}, table);
    expect(p.apply).toEqual([{ do: 'signal', host: 'alice', signal: 'SIGUSR2' }]);
    expect(p.instant).toBe(true);
  });

  it('refuses bad params and the kinds each engine plans itself, with exact messages', () => {
    expect(() => planHostFault('loss', 'alice', {}, table)).toThrow(
      new TypeError('loss needs params.percent between 1 and 100'),
    );
    expect(() => planHostFault('delay', 'alice', { delayMs: 5 }, table)).toThrow(
      new TypeError('delay is planned by each engine'),
    );
  });

  it('merges per-host plans: all steps, instant only if all are, userspace if any is', () => {
    const a = planHostFault('fin', 'a', {}, table);
    const b = planHostFault('blackhole', 'b', {}, table);
    const m = mergePlans([a, b]);
    expect(m.apply).toEqual([...a.apply, ...b.apply]);
    expect(m.heal).toEqual(b.heal);
    expect(m.instant).toBe(false);
    expect(mergePlans([a, a]).instant).toBe(true);
    expect(mergePlans([b, { ...b, fidelity: 'userspace' }]).fidelity).toBe('userspace');
  });
});
