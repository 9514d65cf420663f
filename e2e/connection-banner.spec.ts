import { expect, test } from '@playwright/test';
import { newUserContext, openPanelIn, users } from './fixtures.js';
import { startServer, type RunningServer } from './server-process.js';

let server: RunningServer;
test.beforeAll(async () => {
  server = await startServer([users.alice]);
});
test.afterAll(() => server.stop());

test('the panel shows a banner when its connection is lost and recovers when the board is back', async ({
  browser,
}) => {
  const context = await newUserContext(browser, server, users.alice);
  const page = await openPanelIn(context, server);
  const banner = page.getByTestId('connection-banner');
  await expect(banner).toBeHidden();

  const { port, dataDir } = server;
  await server.stop({ keepData: true });
  await expect(banner).toHaveAttribute('data-status', 'reconnecting');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('reconnecting');

  server = await startServer([], [], { dataDir, port });
  await expect(banner).toHaveAttribute('data-status', 'online', { timeout: 15_000 });
  await expect(banner).toBeHidden();
  await context.close();
});
