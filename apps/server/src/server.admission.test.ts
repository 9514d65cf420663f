import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from './testing/harness.js';
import { TestWsClient, upgradeStatus } from './testing/ws-client.js';

describe('admission: address allowlist', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ allow: ['10.0.0.0/8'] });
  });
  afterAll(() => t.close());

  it('refuses a disallowed address with 403 before any challenge', async () => {
    const res = await fetch(`${t.url}/api/state`, { headers: { Authorization: t.basic('alice') } });
    expect(res.status).toBe(403);
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(await res.json()).toMatchObject({ error: { code: 'FORBIDDEN_ADDRESS' } });
    expect(await upgradeStatus(t.url, { Authorization: t.basic('alice') })).toBe(403);
  });
});

describe('admission: user cap', () => {
  let t: TestServer;
  let alice: TestWsClient;
  beforeAll(async () => {
    t = await startTestServer({ maxUsers: 1 });
    alice = await TestWsClient.open(t.url, { Authorization: t.basic('alice') });
  });
  afterAll(async () => {
    alice.close();
    await t.close();
  });

  it('turns the next distinct user away with 503, Retry-After and who is connected', async () => {
    const res = await fetch(`${t.url}/api/state`, { headers: { Authorization: t.basic('bob') } });
    expect(res.status).toBe(503);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({
      error: { code: 'SERVER_FULL', details: { connected: ['alice'] } },
    });
    expect(await upgradeStatus(t.url, { Authorization: t.basic('bob') })).toBe(503);
  });

  it('shows a person an HTML page naming the connected users (escaped)', async () => {
    const res = await fetch(`${t.url}/`, { headers: { Authorization: t.basic('bob'), Accept: 'text/html' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(await res.text()).toContain('<li>alice</li>');
  });

  it('still admits the connected user in another tab', async () => {
    const second = await TestWsClient.open(t.url, { Authorization: t.basic('alice') });
    second.close();
    await second.closed();
    // Back to one tab before the next test counts alice's connections.
    await vi.waitFor(() =>
      expect(t.server.services.presence.snapshot().users[0]?.connections).toHaveLength(1),
    );
  });

  it('lets an admin disconnect a user, which frees the seat', async () => {
    const closed = alice.closed();
    const res = await fetch(`${t.url}/api/admin/disconnect`, {
      method: 'POST',
      headers: { Authorization: t.basic('admin'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'alice' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ user: 'alice', closed: 1, blockedForS: 60 });
    expect(await closed).toEqual({ code: 4403, reason: 'Disconnected by admin' });
    const bob = await TestWsClient.open(t.url, { Authorization: t.basic('bob') });
    bob.close();
    await bob.closed();
  });

  it('keeps a disconnected user out for the block time (403 USER_DISCONNECTED + Retry-After)', async () => {
    const res = await fetch(`${t.url}/api/state`, { headers: { Authorization: t.basic('alice') } });
    expect(res.status).toBe(403);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(50);
    expect(await res.json()).toMatchObject({ error: { code: 'USER_DISCONNECTED' } });
    expect(await upgradeStatus(t.url, { Authorization: t.basic('alice') })).toBe(403);
  });

  it('refuses the disconnect to anyone but an admin', async () => {
    const res = await fetch(`${t.url}/api/admin/disconnect`, {
      method: 'POST',
      headers: { Authorization: t.basic('alice'), 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'bob' }),
    });
    expect(res.status).toBe(403);
  });
});
