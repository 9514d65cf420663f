import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { Lab } from './lab.js';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import type { ClientKind, LabClient, LabEvent } from './types.js';

// The operator of a line is the client, whatever its transport: a client without a command
// channel (http keep-alive, an SSE stream, a bare TCP stream) that takes the lock and switches
// the pump on with plain REST requests, then loses its power (silent: no FIN, no RST), must lose
// the lock and have the pump driven safe within the board's TCP budget (lan-fast: 2.5 s),
// exactly as a WebSocket client does. Before: those requests acted for a per-user HTTP session
// that never dies, so the pump stayed on. One lab and board for all kinds; a fresh client each.
// Cost: ~25 s (four power-offs, each waited out to its failsafe).

type Failsafe = Extract<LabEvent, { type: 'failsafe' }>;
type Lock = Extract<LabEvent, { type: 'lock' }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** lan-fast's TCP budget plus room for a loaded machine (the bound is generous on purpose). */
const withinMs = 2500 + 2500;

describeAsRoot('the operator of a line is the client: its silent death makes the line safe', () => {
  const lab = new Lab({ prefix: 'pbop' });

  async function until<T>(what: string, ms: number, probe: () => T | undefined | false): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const v = probe();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(50);
    }
  }
  const since = (from: number) => lab.events.slice(from);

  beforeAll(async () => {
    await lab.start();
    await lab.startBoard();
  }, 60_000);
  afterEach(async () => {
    for (const c of lab.listClients()) await lab.removeClient(c.id);
    await sleep(300);
  });
  afterAll(async () => {
    await lab.stop();
  });

  it.each<ClientKind>(['http', 'sse', 'tcp', 'ws'])(
    '%s client: lock and pump taken by REST (or its socket), power off -> lock released, pump safe',
    async (kind) => {
      const user = `op-${kind}`;
      const [c] = (await lab.addClients({ kind, user })) as [LabClient];
      await until(`${user} connected`, 20_000, () => lab.client(c.id)?.state === 'connected');
      let mark = lab.events.length;
      lab.tell(c.id, { t: 'lock', take: true });
      await until(`${user} took the lock`, 5000, () =>
        since(mark).find((e) => e.type === 'lock' && e.change === 'taken' && e.user === user),
      );
      lab.operate(c.id, 'pump', 1);
      await until(`pump 1 by ${user}`, 5000, () =>
        since(mark).find((e) => e.type === 'line' && e.name === 'pump' && e.value === 1 && e.by === user),
      );
      // Past an HTTP client's own idle close of a spare connection (undici: ~4 s), so what
      // that connection carried has been handed on to the client's remaining one.
      await sleep(kind === 'http' ? 5000 : 500);

      mark = lab.events.length;
      const fault = await lab.fault('power-off', [c.id]);
      const failsafe = await until(`${kind}: failsafe`, 15_000, () =>
        since(mark).find((e): e is Failsafe => e.type === 'failsafe' && e.line === 'pump'),
      );
      expect(failsafe).toMatchObject({ user, value: 0, result: 'confirmed' });
      const lock = await until(`${kind}: lock released`, 2000, () =>
        since(mark).find((e): e is Lock => e.type === 'lock' && e.user === user && e.change !== 'taken'),
      );
      expect(lock.change).toBe('session-dead');
      console.info(`${kind}: power-off -> pump safe in ${failsafe.at - fault.startedAt} ms`);
      // Healed while the client's namespace still exists (afterEach removes it).
      if (lab.isFaultActive(fault.id)) await lab.heal(fault.id);
      expect(failsafe.at - fault.startedAt).toBeLessThan(withinMs);
    },
    60_000,
  );
});
