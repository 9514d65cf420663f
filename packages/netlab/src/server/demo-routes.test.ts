import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../lab.js';
import { createApiServer } from './api.js';
import { ScenarioStore } from './scenario-store.js';

// The demo's API without a lab: its state, and bad options refused before anything starts.
// The demo itself runs against a real lab in e2e/lab-demo.spec.ts.
describe('demo routes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pblab-demo-'));
  const server = createApiServer({
    lab: new Lab({ prefix: 'pbx' }),
    store: new ScenarioStore(join(dir, 'b'), join(dir, 'u')),
    uiDir: join(dir, 'ui'),
    resultsDir: dir,
  });
  let base = '';
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says whether it runs and whom to watch it as', async () => {
    const res = await fetch(base + '/api/demo');
    expect(await res.json()).toEqual({ running: false, observer: 'bob' });
  });

  it('refuses options that are not whole milliseconds in range', async () => {
    for (const body of [{ pauseMs: -1 }, { pauseMs: 1.5 }, { outageMs: 10 ** 9 }, { pauseMs: 'x' }]) {
      const res = await fetch(base + '/api/demo', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain(
        'whole milliseconds',
      );
    }
    expect(((await (await fetch(base + '/api/demo')).json()) as { running: boolean }).running).toBe(false);
  });
});
