import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Lab } from '../lab.js';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import type { LabEvent } from '../types.js';
import { createApiServer } from './api.js';
import { ScenarioStore } from './scenario-store.js';

// Acting as a client and touching the simulated board through the lab API, on a real lab:
// the client's own connection takes the lock and switches the pump on; pulling its power makes
// the board free the lock and put the pump back to safe; powering it on brings the same user back.
describeAsRoot('lab API: act as a client, power on, the sim board', () => {
  const lab = new Lab({ prefix: 'pbact' });
  const dir = mkdtempSync(join(tmpdir(), 'pbact-'));
  const server = createApiServer({
    lab,
    store: new ScenarioStore(join(dir, 'builtin'), join(dir, 'user')),
    uiDir: join(dir, 'ui'),
    resultsDir: dir,
  });
  let base = '';
  const post = async (path: string, body: unknown = {}, method = 'POST') => {
    const res = await fetch(base + path, { method, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  /** The first lab event matching `pred` from index `from` on, within `ms`. */
  const next = async (pred: (e: LabEvent) => boolean, from: number, ms = 8000): Promise<LabEvent> => {
    const end = Date.now() + ms;
    for (;;) {
      const e = lab.events.slice(from).find(pred);
      if (e) return e;
      if (Date.now() > end) throw new Error(`no matching event within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    await lab.start();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await lab.startBoard();
  }, 60_000);
  afterAll(async () => {
    server.close();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('acts as alice, pulls her power, and powers her on again as alice', async () => {
    const [alice] = await lab.addClients({ kind: 'ws', user: 'alice' });
    await lab.addClients({ kind: 'ws', user: 'bob' });
    const connected = (id: string) => (e: LabEvent) =>
      e.type === 'client' && e.client.id === id && e.client.state === 'connected';
    await next(connected(alice!.id), 0, 20_000);

    let mark = lab.events.length;
    expect((await post(`/api/clients/${alice!.id}/act`, { action: 'lock' })).status).toBe(202);
    expect(await next((e) => e.type === 'lock', mark)).toMatchObject({ change: 'taken', user: 'alice' });
    expect(
      (await post(`/api/clients/${alice!.id}/act`, { action: 'operate', line: 'pump', value: 1 })).status,
    ).toBe(202);
    expect(await next((e) => e.type === 'line' && e.name === 'pump' && e.value === 1, mark)).toMatchObject({
      value: 1,
      by: 'alice',
    });
    expect((await post(`/api/clients/${alice!.id}/act`, { action: 'chat', text: 'pump on' })).status).toBe(
      202,
    );

    mark = lab.events.length;
    await lab.fault('power-off', [alice!.id]);
    expect(await next((e) => e.type === 'failsafe', mark)).toMatchObject({
      line: 'pump',
      user: 'alice',
      value: 0,
      result: 'confirmed',
    });
    expect(await next((e) => e.type === 'lock', mark)).toMatchObject({
      change: 'session-dead',
      user: 'alice',
    });

    mark = lab.events.length;
    const on = await post(`/api/clients/${alice!.id}/power-on`);
    expect(on.status).toBe(200);
    expect(on.body).toMatchObject({ id: alice!.id, user: 'alice', state: 'starting' });
    await next(connected(alice!.id), mark, 20_000);
    expect(lab.listFaults()).toEqual([]); // the power-off fault was healed with it
    expect((await post(`/api/clients/${alice!.id}/power-on`)).status).toBe(400); // it is running
  }, 90_000);

  it('presses a simulated input and wedges an output, and refuses nonsense', async () => {
    const mark = lab.events.length;
    expect((await post('/api/board/inputs/door-contact', { value: 1 })).status).toBe(200);
    expect(await next((e) => e.type === 'line' && e.name === 'door-contact', mark)).toMatchObject({
      value: 1,
    });
    const state = await (await fetch(base + '/api/board/state')).json();
    expect(state.lines.find((l: { name: string }) => l.name === 'door-contact').value).toBe(1);
    expect((await post('/api/board/hardware-faults/pump', { fault: { kind: 'error' } }, 'PUT')).status).toBe(
      200,
    );
    expect((await post('/api/board/hardware-faults/pump', { fault: null }, 'PUT')).status).toBe(200);
    expect((await post('/api/board/inputs/pump', { value: 1 })).status).toBe(400);
    expect((await post('/api/clients/nobody/act', { action: 'lock' })).status).toBe(404);
    const [c] = lab.listClients();
    expect((await post(`/api/clients/${c!.id}/act`, { action: 'dance' })).status).toBe(400);
  }, 30_000);
});
