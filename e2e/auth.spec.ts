import { expect, newUserContext, test, users } from './fixtures.js';

test('a user with a wrong password gets 401', async ({ browser, server }) => {
  const context = await newUserContext(browser, server, { ...users.carol, password: 'not-her-password' });
  const page = await context.newPage();
  const response = await page.goto(server.url);
  expect(response?.status()).toBe(401);
  await expect(page.getByTestId('board')).toHaveCount(0);
  await context.close();
});

test('a request without credentials is challenged with Digest', async ({ playwright, server }) => {
  const api = await playwright.request.newContext();
  const res = await api.get(`${server.url}/api/state`);
  expect(res.status()).toBe(401);
  expect(res.headers()['www-authenticate']).toContain('Digest');
  await api.dispose();
});
