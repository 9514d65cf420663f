import { afterAll, beforeAll, expect, it } from 'vitest';
import { Lab } from '../lab.js';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import type { ClientKind, LabEvent } from '../types.js';

// Every client kind, as a real process in its own host, connects to the real board and
// reports to the lab; observers report what the board told them.
describeAsRoot('virtual clients', () => {
  const lab = new Lab({ prefix: 'pbx' });
  const events: LabEvent[] = [];

  beforeAll(async () => {
    await lab.start();
    lab.on('event', (e) => events.push(e));
    await lab.startBoard();
  });
  afterAll(() => lab.stop());

  async function connected(id: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (lab.client(id)?.state !== 'connected') {
      if (Date.now() > deadline || lab.client(id)?.state === 'stopped')
        throw new Error(`${id}: ${lab.client(id)?.state}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it.each<[ClientKind, number]>([
    ['tcp', 15_000],
    ['http', 15_000],
    ['sse', 15_000],
    ['ws', 15_000],
  ])('%s connects and reports', async (kind, timeout) => {
    const [c] = await lab.addClients({ kind, user: `u-${kind}` });
    await connected(c!.id, timeout);
    expect(lab.client(c!.id)!.address).toMatch(/^10\./);
  });

  it('ws and http report their round-trip time', async () => {
    await new Promise((r) => setTimeout(r, 2500));
    const rtt = (kind: ClientKind) => lab.listClients().find((c) => c.kind === kind)?.rttMs;
    expect(rtt('ws')).toBeGreaterThan(0);
    expect(rtt('http')).toBeGreaterThan(0);
  });

  it('a headless Chromium in its host opens the panel and reports', async () => {
    const [c] = await lab.addClients({ kind: 'browser', user: 'u-browser' });
    await connected(c!.id, 40_000);
  }, 60_000);

  it('fin: the server sees a FIN and observers are told', async () => {
    const sse = lab.listClients().find((c) => c.kind === 'sse')!;
    const f = await lab.fault('fin', [sse.id]);
    const deadline = Date.now() + 5000;
    const detected = () =>
      events.find((e) => e.type === 'detected' && e.clientId === sse.id && e.state === 'offline');
    while (!detected() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const d = detected();
    expect(d && d.type === 'detected' && d.cause).toBe('fin');
    // Every observer kind was told, the browser through the panel's own WebSocket.
    const observers = lab
      .listClients()
      .filter((c) => ['ws', 'sse', 'browser'].includes(c.kind) && c.id !== sse.id);
    const told = () =>
      observers.every((o) =>
        events.some((e) => e.type === 'notified' && e.aboutClientId === sse.id && e.observerId === o.id),
      );
    while (!told() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(observers.map((o) => o.kind).sort()).toEqual(['browser', 'ws']);
    expect(told()).toBe(true);
    expect(f.endedAt).toBe(f.startedAt);
  });
});
