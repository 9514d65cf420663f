import { expect, newUserContext, test, users } from './fixtures.js';

test('the panel opens with HTTP credentials and shows the board lines', async ({ browser, server }) => {
  const context = await newUserContext(browser, server, users.alice);
  const page = await context.newPage();
  // Anything the CSP blocks, or any script error, shows up here.
  const problems: string[] = [];
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(e.message));
  const response = await page.goto(server.url);
  expect(response?.headers()['content-security-policy']).toContain("default-src 'self'");
  await expect(page.getByTestId('line-pump')).toBeVisible();
  await expect(page.getByTestId('line-lights')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveAttribute('data-status', 'online');
  await expect(page.getByTestId('me')).toContainText('alice (operator)');
  expect(problems).toEqual([]);
  await context.close();
});

test('the panel fits a phone screen without sideways scrolling', async ({ browser, server }) => {
  const context = await browser.newContext({
    baseURL: server.url,
    httpCredentials: { username: users.bob.name, password: users.bob.password },
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  await page.goto(server.url);
  await expect(page.getByTestId('line-pump')).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const box = await page.getByTestId('line-lights-toggle').boundingBox();
  expect(box?.height).toBeGreaterThanOrEqual(40); // a finger-sized target
  await context.close();
});
