import { expect, test, type WebSocketRoute } from '@playwright/test';
import { newUserContext, openPanelIn, users } from './fixtures.js';
import { startServer, type RunningServer } from './server-process.js';

// Issue 10, item 4: a returning user is told what happened. bob holds the control lock and has
// the heater on; his link freezes for ~3 s (the server loses him: lock released, failsafe heater
// OFF) and alice switches the lights meanwhile. When bob's panel is back, "While you were away"
// says all three, from the audit log. And Activity is filled from the audit on load.

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer([users.alice, users.bob]);
});
test.afterAll(() => server.stop());

test('after a freeze, the panel shows what changed while it was away; Activity starts from the audit', async ({
  browser,
}) => {
  test.setTimeout(60_000);
  const alice = await openPanelIn(await newUserContext(browser, server, users.alice), server);
  const bobContext = await newUserContext(browser, server, users.bob);
  // bob's WebSocket goes through a switch the test can throw: frozen = nothing passes either way.
  let frozen = false;
  let current: { page: WebSocketRoute; server: WebSocketRoute } | null = null;
  await bobContext.routeWebSocket(/\/ws/, (ws) => {
    const upstream = ws.connectToServer();
    upstream.onMessage((m) => {
      if (!frozen) ws.send(m);
    });
    ws.onMessage((m) => {
      if (!frozen) upstream.send(m);
    });
    // A frozen link does not pass a close either way (Playwright forwards closes by default).
    upstream.onClose(() => {});
    ws.onClose(() => {});
    current = { page: ws, server: upstream };
  });
  const bob = await openPanelIn(bobContext, server);

  await bob.getByRole('button', { name: 'Take control' }).click();
  await expect(alice.getByTestId('lock-holder')).toContainText('bob holds the board');
  await bob.getByTestId('line-heater-toggle').click();
  await expect(alice.getByTestId('line-heater')).toHaveAttribute('data-value', '1');

  // The freeze: bob hears nothing and says nothing; the server loses his session.
  frozen = true;
  const link = current!;
  await link.server.close();
  await expect(bob.getByTestId('connection-banner')).toHaveAttribute('data-status', 'reconnecting');
  await expect(alice.getByTestId('lock-status')).toContainText('Free');
  await expect(alice.getByTestId('line-heater')).toHaveAttribute('data-value', '0'); // failsafe
  await alice.getByTestId('line-lights-toggle').click();
  await expect(alice.getByTestId('line-lights')).toHaveAttribute('data-value', '1');
  await bob.waitForTimeout(1500);
  // bob still shows the last known state, marked as such — not the news.
  await expect(bob.getByTestId('board')).toHaveAttribute('data-stale', 'true');

  // The link comes back: bob's panel dials again and is told.
  frozen = false;
  await link.page.close({ code: 1001, reason: 'link back' });
  await expect(bob.getByTestId('connection-banner')).toHaveAttribute('data-status', 'online', {
    timeout: 10_000,
  });
  const notice = bob.getByTestId('away-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('While you were away');
  // One line for the one happening: the lock and the failsafe that the lost connection released.
  await expect(notice).toContainText(
    'Your control was released (connection lost) · Heater went OFF (failsafe)',
  );
  await expect(notice).toContainText('alice turned Bench lights ON');
  await expect(bob.getByTestId('line-heater')).toHaveAttribute('data-value', '0');
  await expect(bob.getByTestId('lock-status')).toContainText('Free');
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(notice).toHaveCount(0);

  // A fresh load: Activity starts with the audit log's last entries, before any live event.
  await alice.reload();
  const feed = alice.getByTestId('activity');
  await expect(feed).toContainText('bob turned Heater ON');
  await expect(feed).toContainText('bob took control');
  await expect(feed).toContainText('alice turned Bench lights ON');
  await bobContext.close();
});
