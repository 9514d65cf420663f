import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLab, type Lab, type LabHost } from '../ns/lab.js';
import { describeAsRoot } from '../testing/root.js';
import { applyFault } from './faults.js';

// Faults observed with ping from the server side; TCP behaviour is covered by the liveness suite.
describeAsRoot('faults', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await createLab({ prefix: 'pbl', hosts: 4 });
  });
  afterAll(async () => {
    await lab?.destroy();
  });

  const pingFromServer = async (host: LabHost, count = 1): Promise<number> => {
    const { runIn } = await import('../ns/run.js');
    const out = await runIn(lab.bridgeNs, 'ping', [
      '-c',
      String(count),
      '-i',
      '0.002',
      '-W',
      '1',
      '-q',
      host.address,
    ]).catch((e: Error) => e.message);
    return Number(/(\d+) received/.exec(out)?.[1] ?? 0);
  };

  it('blackhole silences a host and heal() restores it', async () => {
    const h = lab.hosts[0]!;
    expect(await pingFromServer(h)).toBe(1);
    const f = await applyFault(h, { kind: 'blackhole' });
    expect(f.appliedAt).toBeGreaterThanOrEqual(f.startedAt);
    expect(await pingFromServer(h)).toBe(0);
    await f.heal();
    expect(await pingFromServer(h)).toBe(1);
  });

  it('a scheduled blackhole starts on the kernel clock at the next whole second', async () => {
    const h = lab.hosts[0]!;
    const at = Date.now() + 800;
    const pending = applyFault(h, { kind: 'blackhole' }, { at });
    await new Promise((r) => setTimeout(r, 150));
    expect(await pingFromServer(h)).toBe(1); // installed but dormant
    const f = await pending;
    expect(f.effectiveAt).toBe(Math.ceil(at / 1000) * 1000);
    expect(Date.now()).toBeGreaterThanOrEqual(f.effectiveAt);
    expect(await pingFromServer(h)).toBe(0);
    await f.heal();
    expect(await pingFromServer(h)).toBe(1);
  });

  it('cable-pull takes the link down on the bridge side', async () => {
    const h = lab.hosts[1]!;
    const f = await applyFault(h, { kind: 'cable-pull' });
    expect(await h.exec('ip', ['link', 'show', 'eth0'])).toMatch(/NO-CARRIER|LOWERLAYERDOWN/);
    expect(await pingFromServer(h)).toBe(0);
    await f.heal();
    await new Promise((r) => setTimeout(r, 200));
    expect(await pingFromServer(h)).toBe(1);
  });

  it('loss 50% drops about half the pings (each way), not all and not none', async () => {
    const h = lab.hosts[2]!;
    const f = await applyFault(h, { kind: 'loss', percent: 50 });
    const got = await pingFromServer(h, 200);
    await f.heal();
    // Expected 25% round trips survive (0.5 x 0.5); 200 tries keep this far from the edges.
    expect(got).toBeGreaterThan(20);
    expect(got).toBeLessThan(90);
  });

  it('power-off blackholes and kills the host processes', async () => {
    const h = lab.hosts[3]!;
    const p = h.spawn('sleep', ['60']);
    await new Promise((r) => setTimeout(r, 100));
    const f = await applyFault(h, { kind: 'power-off' });
    await new Promise((r) => (p.exitCode !== null || p.signalCode ? r(null) : p.once('exit', r)));
    expect(p.signalCode).toBe('SIGKILL');
    expect(await pingFromServer(h)).toBe(0);
    await f.heal();
  });
});
