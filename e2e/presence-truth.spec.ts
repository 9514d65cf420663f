import { expect, test } from '@playwright/test';
import { newUserContext, openPanelIn, users } from './fixtures.js';
import { startServer, type RunningServer } from './server-process.js';

// Issue 10, item 2: closing a tab must never be slower than a crash. bob's browser holds a
// WebSocket and idle HTTP keep-alive sockets (the page load, the audit fetch); when his tab
// closes, alice must see him offline at once, and one server record must say why.

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer([users.alice, users.bob]);
});
test.afterAll(() => server.stop());

test('a closed tab is offline on the other screen within 300 ms (generous bound 1 s), one record says why', async ({
  browser,
}) => {
  const alice = await openPanelIn(await newUserContext(browser, server, users.alice), server);
  const bobContext = await newUserContext(browser, server, users.bob);
  const bob = await openPanelIn(bobContext, server);
  const row = alice.getByTestId('presence-bob');
  await expect(row).toHaveAttribute('data-state', 'online');
  // His page's HTTP sockets are not connections of their own while his WebSocket lives.
  await expect(row).toContainText(/· browser tab( · \d+ ms)?$/);

  // Time the change where alice sees it: a MutationObserver stamps the moment it happens.
  await alice.evaluate(() => {
    const el = document.querySelector('[data-testid="presence-bob"]')!;
    new MutationObserver(() => {
      if (el.getAttribute('data-state') === 'offline')
        (window as unknown as { offlineAt?: number }).offlineAt ??= Date.now();
    }).observe(el, { attributes: true });
  });
  const closedAt = Date.now();
  await bob.close();
  await expect(row).toHaveAttribute('data-state', 'offline', { timeout: 5000 });
  const seenAt = await alice.evaluate(() => (window as unknown as { offlineAt: number }).offlineAt);
  const ms = seenAt - closedAt;
  const dead = server
    .output()
    .split('\n')
    .filter((l) => l.includes('"event":"detection"') && l.includes('"user":"bob"') && l.includes('"dead"'))
    .map((l) => JSON.parse(l) as { detectedAt: number; cause: string });
  console.info(
    `tab closed -> offline on another screen: ${ms} ms (server detected ${String(dead.at(-1)?.cause)} at +${(dead.at(-1)?.detectedAt ?? 0) - closedAt} ms)`,
  );
  expect(ms).toBeLessThan(1000); // the target (300 ms p95) is measured by bench:roundtrip

  // One record explains the transition: the connection, its cause, and what is left (nothing).
  const records = server
    .output()
    .split('\n')
    .filter((l) => l.includes('"event":"presence"') && l.includes('"user":"bob"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(records.at(-1)).toMatchObject({
    state: 'offline',
    previous: 'online',
    transport: 'ws',
    connections: [],
    cause: expect.any(String),
  });
  await bobContext.close();
});
