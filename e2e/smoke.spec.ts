import { expect, test, users } from './fixtures.js';

test('the panel opens with HTTP credentials and shows the board lines', async ({ openPanel }) => {
  const page = await openPanel(users.alice);
  await expect(page.getByTestId('line-pump')).toBeVisible();
  await expect(page.getByTestId('line-lights')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveAttribute('data-status', 'online');
  await expect(page.getByTestId('me')).toContainText('alice (operator)');
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
