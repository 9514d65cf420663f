import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/harness.js';

// The simulated board's outside world over HTTP: an input pressed through the API is the
// same edge a real button makes (every client sees the line change); a wedged output fails.
describe('sim routes', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(() => t.close());

  const call = (method: string, path: string, user: string, body: unknown) =>
    fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: t.basic(user), 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const line = async (name: string) => {
    const state = (await (
      await fetch(`${t.url}/api/state`, { headers: { authorization: t.basic('alice') } })
    ).json()) as {
      lines: { name: string; value: number | null; fault: { code: string } | null }[];
    };
    return state.lines.find((l) => l.name === name)!;
  };

  it('drives an input as the outside world would: the line changes for everyone', async () => {
    const res = await call('POST', '/api/sim/inputs/door-contact', 'admin', { value: 1 });
    expect(res.status).toBe(200);
    for (let i = 0; i < 50 && (await line('door-contact')).value !== 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    expect((await line('door-contact')).value).toBe(1);
  });

  it('refuses non-admins, outputs and bad values with clear errors', async () => {
    expect((await call('POST', '/api/sim/inputs/door-contact', 'alice', { value: 1 })).status).toBe(403);
    const out = await call('POST', '/api/sim/inputs/pump', 'admin', { value: 1 });
    expect(out.status).toBe(400);
    expect(JSON.stringify(await out.json())).toContain('pump is not an input');
    expect((await call('POST', '/api/sim/inputs/door-contact', 'admin', { value: 7 })).status).toBe(400);
    expect((await call('POST', '/api/sim/inputs/nope', 'admin', { value: 1 })).status).toBe(404);
  });

  it('injects a driver error on an output and clears it', async () => {
    expect(
      (
        await call('PUT', '/api/sim/faults/pump', 'admin', {
          fault: { kind: 'error', message: 'relay coil open' },
        })
      ).status,
    ).toBe(200);
    const op = await call('POST', '/api/lines/pump', 'alice', { value: 1 });
    expect(op.status).toBeGreaterThanOrEqual(400);
    expect(JSON.stringify(await op.json())).toContain('relay coil open');
    expect((await call('PUT', '/api/sim/faults/pump', 'admin', { fault: null })).status).toBe(200);
    expect((await call('POST', '/api/lines/pump', 'alice', { value: 1 })).status).toBe(200);
    expect((await line('pump')).value).toBe(1);
  });
});
