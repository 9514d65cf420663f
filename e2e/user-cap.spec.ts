import { expect, test } from '@playwright/test';
import { crowd, newUserContext, openPanelIn } from './fixtures.js';
import { startServer, type RunningServer } from './server-process.js';

let server: RunningServer;
test.beforeAll(async () => {
  test.setTimeout(90_000); // eleven users are created before the server listens
  server = await startServer(crowd);
});
test.afterAll(() => server?.stop());

test('with 10 users connected, the 11th gets 503 and a page naming who is connected', async ({ browser }) => {
  // Ten real panels open one after another (~4.5 s each on 2 busy cores with the e2e's other
  // worker running): a sanity bound, not a speed target.
  test.setTimeout(150_000);
  const contexts = [];
  for (const user of crowd.slice(0, 10)) {
    const context = await newUserContext(browser, server, user);
    contexts.push(context);
    await openPanelIn(context, server);
  }
  const eleventh = await newUserContext(browser, server, crowd[10]!);
  const page = await eleventh.newPage();
  const response = await page.goto(server.url);
  expect(response?.status()).toBe(503);
  expect(Number(response?.headers()['retry-after'])).toBeGreaterThan(0);
  await expect(page.locator('#connected li')).toHaveCount(10);
  await expect(page.locator('#connected')).toContainText('user1');

  // A seat frees up when someone leaves.
  await contexts[0]!.close();
  await expect.poll(async () => (await page.reload())?.status(), { timeout: 10_000 }).toBe(200);
  for (const c of [...contexts.slice(1), eleventh]) await c.close();
});
