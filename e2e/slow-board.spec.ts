import { expect, test } from '@playwright/test';
import { newUserContext, openPanelIn, users } from './fixtures.js';
import { startServer, type RunningServer } from './server-process.js';

// A board whose hardware takes 1.5 s to confirm, so the pending state can be seen.
let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer([users.admin, users.alice, users.bob], ['--sim-latency-ms', '1500']);
});
test.afterAll(() => server.stop());

test('B sees the pending state while the hardware works, then the confirmed value', async ({ browser }) => {
  const a = await openPanelIn(await newUserContext(browser, server, users.alice), server);
  const b = await openPanelIn(await newUserContext(browser, server, users.bob), server);
  const line = b.getByTestId('line-pump');
  await expect(line).toHaveAttribute('data-value', '0');
  await a.getByTestId('line-pump-toggle').click();
  await expect(line).toHaveAttribute('data-pending', '1');
  await expect(line).toContainText('Turning ON…');
  await expect(line).toHaveAttribute('data-value', '0'); // not confirmed yet
  await expect(line).toHaveAttribute('data-value', '1', { timeout: 3000 });
  await expect(line).toHaveAttribute('data-pending', '');
});

test('an admin disconnects a user, whose panel says so and stays out', async ({ browser }) => {
  const admin = await openPanelIn(await newUserContext(browser, server, users.admin), server);
  const bob = await openPanelIn(await newUserContext(browser, server, users.bob), server);
  await admin.getByTestId('presence-bob').getByRole('button', { name: 'Disconnect' }).click();
  const banner = bob.getByTestId('connection-banner');
  await expect(banner).toHaveAttribute('data-status', 'reconnecting');
  await expect(banner).toContainText('Disconnected by admin');
  await expect(admin.getByTestId('presence-bob')).toHaveAttribute('data-state', 'offline');
  await expect(admin.getByTestId('activity')).toContainText('admin disconnected bob');
  // The browser still holds bob's credentials; the server refuses him for the block time.
  const status = await bob.evaluate(async () => (await fetch('/api/state')).status);
  expect(status).toBe(403);
});
