import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Lab } from './lab.js';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import type { FaultKind, FaultParams, LabClient, LabEvent } from './types.js';

// The lab counts each thing once, per fault kind, on the real board in real namespaces: one
// detection per connection death, one `line` event per change, and nothing credited to a
// client's user after its death. One lab and observer for all kinds; a fresh target each.
// Cost: ~45 s (nine faults, each waited out to its detection or its window).

type Detected = Extract<LabEvent, { type: 'detected' }>;
type Notified = Extract<LabEvent, { type: 'notified' }>;
type Line = Extract<LabEvent, { type: 'line' }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Kinds that end the target's connection; the others only degrade it for a while. */
const fatal: { kind: FaultKind; params?: (target: string) => FaultParams }[] = [
  { kind: 'blackhole' },
  { kind: 'cable-pull' },
  { kind: 'power-off' },
  { kind: 'rst' },
  { kind: 'fin' },
  { kind: 'partition', params: (t) => ({ map: { [t]: ['board'] } }) },
];
const degrading: { kind: FaultKind; params: FaultParams }[] = [
  { kind: 'loss', params: { percent: 5 } },
  { kind: 'delay', params: { delayMs: 40 } },
  { kind: 'bandwidth', params: { rateKbit: 2000 } },
];

describeAsRoot('lab counts each thing once', () => {
  const lab = new Lab({ prefix: 'pbc' });
  let observer: LabClient;

  async function until<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }

  const since = (from: number) => lab.events.slice(from);
  const lines = (evs: LabEvent[]) => evs.filter((e): e is Line => e.type === 'line' && e.name === 'pump');

  /** A connected ws client of its own user, holding the pump on (so its death fires the failsafe). */
  async function target(user: string): Promise<LabClient> {
    const [c] = await lab.addClients({ kind: 'ws', user });
    await until(`${user} connected`, 20_000, () => lab.client(c!.id)?.state === 'connected');
    // The observer must have seen the user online before a loss can be news to it.
    await sleep(300);
    const mark = lab.events.length;
    lab.operate(c!.id, 'pump', 1);
    await until(`pump 1 by ${user}`, 5000, () => lines(since(mark)).find((l) => l.value === 1));
    return c!;
  }

  // A target that outlives its test would reconnect and watch the next one: remove it.
  afterEach(async () => {
    for (const c of lab.listClients()) if (c.id !== observer.id) await lab.removeClient(c.id);
    await sleep(300);
  });

  beforeAll(async () => {
    await lab.start();
    await lab.startBoard();
    [observer] = (await lab.addClients({ kind: 'ws', user: 'watcher' })) as [LabClient];
    await until('observer connected', 20_000, () => lab.client(observer.id)?.state === 'connected');
  });
  afterAll(async () => {
    await lab.stop();
  });

  it.each(fatal)('$kind: one detection, one notification, one failsafe change', async ({ kind, params }) => {
    const user = `u-${kind}`;
    const t = await target(user);
    const mark = lab.events.length;
    const fault = await lab.fault(kind, [t.id], params?.(t.id) ?? {});
    const died = await until(`${kind}: offline detection`, 10_000, () =>
      since(mark).find(
        (e): e is Detected => e.type === 'detected' && e.clientId === t.id && e.state === 'offline',
      ),
    );
    await until(`${kind}: failsafe`, 5000, () => lines(since(mark)).find((l) => l.value === 0));
    // Anything doubled arrives within ~100 ms of the original; wait well past that.
    await sleep(1200);
    if (lab.isFaultActive(fault.id)) await lab.heal(fault.id);
    const evs = since(mark);

    const offline = evs.filter(
      (e): e is Detected => e.type === 'detected' && e.clientId === t.id && e.state === 'offline',
    );
    expect(offline, 'offline detections of the target').toHaveLength(1);
    expect(offline[0]).toMatchObject({ faultId: fault.id, connectionId: expect.any(String) });
    const suspects = evs.filter((e) => e.type === 'detected' && e.clientId === t.id && e.state === 'suspect');
    expect(suspects.length, 'suspect records of the target').toBeLessThanOrEqual(1);
    const told = evs.filter(
      (e): e is Notified => e.type === 'notified' && e.aboutClientId === t.id && e.state === 'offline',
    );
    expect(told.map((n) => n.faultId)).toEqual(told.map(() => fault.id));
    expect(
      told.map((n) => n.observerId),
      'one offline notification',
    ).toEqual([observer.id]);
    // The pump went back to safe once, by the failsafe; nothing by the dead user after its death.
    expect(lines(evs).map((l) => [l.value, l.by])).toEqual([[0, 'system']]);
    expect(evs.filter((e) => e.type === 'line' && e.by === user && e.at >= died.detectedAt)).toEqual([]);
    // No other client was declared dead by this fault.
    expect(evs.filter((e) => e.type === 'detected' && e.clientId !== t.id && e.state === 'offline')).toEqual(
      [],
    );
  });

  it.each(degrading)('$kind: no death, one line event per change', async ({ kind, params }) => {
    const user = `u-${kind}`;
    const t = await target(user);
    const mark = lab.events.length;
    const fault = await lab.fault(kind, [t.id], params);
    lab.operate(t.id, 'pump', 0);
    await until(`${kind}: pump 0`, 5000, () => lines(since(mark)).find((l) => l.value === 0));
    lab.operate(t.id, 'pump', 1);
    await until(`${kind}: pump 1`, 5000, () => lines(since(mark)).find((l) => l.value === 1));
    await sleep(1200);
    await lab.heal(fault.id);
    const evs = since(mark);
    expect(lines(evs).map((l) => [l.value, l.by])).toEqual([
      [0, user],
      [1, user],
    ]);
    expect(evs.filter((e) => e.type === 'detected' && e.state === 'offline')).toEqual([]);
    // Leave the pump safe for the next kind.
    lab.operate(t.id, 'pump', 0);
    await until(`${kind}: pump back to 0`, 5000, () => lines(since(mark)).at(-1)?.value === 0);
  });
});
