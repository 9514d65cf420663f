import { startServer } from './server-process.js';
import { expect, newUserContext, test, users } from './fixtures.js';

test('a wrong password gets 401 and a page that says what happened and what to do', async ({
  browser,
  server,
}) => {
  const context = await newUserContext(browser, server, { ...users.carol, password: 'not-her-password' });
  const page = await context.newPage();
  const response = await page.goto(server.url);
  expect(response?.status()).toBe(401);
  await expect(page.getByTestId('board')).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('That did not work');
  await expect(page.getByText('The user name or password was not accepted')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Try again' })).toBeVisible();
  await context.close();
});

test('a request without credentials is challenged with Digest', async ({ playwright, server }) => {
  const api = await playwright.request.newContext();
  const res = await api.get(`${server.url}/api/state`);
  expect(res.status()).toBe(401);
  expect(res.headers()['www-authenticate']).toContain('Digest');
  expect(res.headers()['content-type']).toContain('application/json');
  await api.dispose();
});

test('Switch user: the old credentials get a fresh challenge, another user lands on the panel', async ({
  browser,
  openPanel,
  server,
}) => {
  const alice = await openPanel(users.alice);
  const link = alice.getByTestId('switch-user');
  await expect(link).toHaveAttribute('href', 'signout?from=alice');
  // Playwright answers the challenge with alice again, as a browser would with remembered ones:
  // the server refuses them and shows the signed-out page.
  const [response] = await Promise.all([alice.waitForResponse(/signout/), link.click()]);
  expect(response.status()).toBe(401);
  await expect(alice.getByRole('heading', { level: 1 })).toHaveText('You are signed out');
  // Someone else signing in at that prompt is sent on to the panel, as themselves.
  const bob = await (await newUserContext(browser, server, users.bob)).newPage();
  await bob.goto(`${server.url}/signout?from=alice`);
  await expect(bob.getByTestId('me')).toHaveText('bob (operator)');
  await bob.context().close();
});

test('after too many wrong passwords the browser shows a 429 page with the wait', async ({ browser }) => {
  test.setTimeout(60_000);
  // Its own server: the lockout covers the address, which every other test shares.
  const own = await startServer([users.carol]);
  try {
    const context = await browser.newContext({
      httpCredentials: { username: 'carol', password: 'guess' },
    });
    const page = await context.newPage();
    let status = 0;
    for (let i = 0; i < 10 && status !== 429; i++) status = (await page.goto(own.url))?.status() ?? 0;
    expect(status).toBe(429);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Too many attempts');
    await expect(page.locator('main')).toContainText(/paused for \d+ seconds/);
    await context.close();
  } finally {
    await own.stop();
  }
});
