import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Audience } from './audience.js';
import { startBareServer, type BareServer } from './bare-server.js';
import { BenchHttpClient } from './http-client.js';
import { httpOperatePath, wsOperatePath } from './socket-paths.js';

// The measuring code on loopback against the bare baseline server (port 0, in-process).
describe('socket paths against the bare server', () => {
  let bare: BareServer;
  let audience: Audience;
  let http: BenchHttpClient;
  beforeAll(async () => {
    bare = await startBareServer();
    audience = await Audience.open(
      Array.from({ length: 3 }, () => ({ url: bare.url.replace(/^http/, 'ws') + '/ws' })),
    );
    http = new BenchHttpClient(bare.url);
  });
  afterAll(async () => {
    http.close();
    await audience.close();
    await bare.close();
  });

  it('a WS operate completes when every client has seen the confirmed state', async () => {
    const path = wsOperatePath(audience, 'lights');
    for (const v of [1, 0] as const) {
      const ms = await path.run(v);
      expect(ms).toBeGreaterThan(0);
      expect(ms).toBeLessThan(1000);
    }
  });

  it('a POST operate completes the same way; an error status fails the round trip', async () => {
    const path = httpOperatePath(audience, 'lights', (l, v) =>
      http.raw('POST', `/api/lines/${l}`, JSON.stringify({ value: v })),
    );
    expect(await path.run(1)).toBeGreaterThan(0);
    const broken = httpOperatePath(audience, 'lights', () => http.raw('POST', '/nowhere', '{}'));
    await expect(broken.run(0)).rejects.toThrow('POST /api/lines/lights: HTTP 404');
    audience.reset();
  });

  it('allSee refuses to be armed twice', () => {
    void audience.allSee(() => false);
    expect(() => audience.allSee(() => false)).toThrow('allSee is already armed');
    audience.reset();
  });
});
