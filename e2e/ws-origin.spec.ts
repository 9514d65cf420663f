import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { expect, newUserContext, test, users } from './fixtures.js';

test('a WebSocket opened from a foreign page is refused', async ({ browser, server }) => {
  const context = await newUserContext(browser, server, users.alice);
  const page = await context.newPage();
  // A page on another origin: a second local server on its own port. It stays in the loopback
  // address space, so Chromium's local-network rules do not stop the socket before it reaches
  // the board: the board itself must refuse it (the user's cached credentials would go along).
  const evil = createServer((_req, res) => res.end('<!doctype html><title>evil</title>'));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
  const outcome = await page.evaluate(
    (wsUrl) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(wsUrl);
        ws.onopen = () => resolve('open');
        ws.onclose = (e) => resolve(`closed ${e.code}`);
      }),
    server.url.replace(/^http/, 'ws') + '/ws',
  );
  expect(outcome).toBe('closed 1006');
  await expect.poll(() => server.output()).toContain('cross-origin websocket refused');
  await context.close();
  evil.close();
});

test('the upgrade with a foreign Origin gets 403 even with valid credentials', async ({ server }) => {
  const auth = `Basic ${Buffer.from(`${users.alice.name}:${users.alice.password}`).toString('base64')}`;
  const status = await new Promise<number>((resolve, reject) => {
    const ws = new WebSocket(server.url.replace(/^http/, 'ws') + '/ws', {
      headers: { Authorization: auth, Origin: 'http://evil.example' },
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('open', () => resolve(101));
    ws.on('error', reject);
  });
  expect(status).toBe(403);
});
