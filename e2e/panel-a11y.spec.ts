import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, newUserContext, test, users } from './fixtures.js';

// Every view of the panel, in both themes, on a desktop and a phone: zero axe violations
// (WCAG 2.0/2.1/2.2 A and AA rules). A screenshot of each is kept with the test's results
// (looked at by people, not pixel-compared).

const viewports = {
  desktop: { width: 1440, height: 900 },
  phone: { width: 390, height: 844 },
} as const;

async function audit(page: Page) {
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  return result.violations.map((v) => ({
    id: v.id,
    help: v.help,
    nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
  }));
}

for (const theme of ['light', 'dark'] as const) {
  for (const [size, viewport] of Object.entries(viewports)) {
    test(`no axe violations, ${theme} theme, ${size}: board (held by another user), chat, activity, audit`, async ({
      browser,
      server,
    }, testInfo) => {
      test.setTimeout(90_000);
      const alice = await newUserContext(browser, server, users.alice);
      const a = await alice.newPage();
      await a.goto(server.url);
      const admin = await browser.newContext({
        baseURL: server.url,
        httpCredentials: { username: users.admin.name, password: users.admin.password },
        viewport,
        colorScheme: theme,
        ...(size === 'phone' ? { isMobile: true, hasTouch: true } : {}),
      });
      const page = await admin.newPage();
      await page.goto(server.url);
      await expect(page.getByTestId('connection-banner')).toHaveAttribute('data-status', 'online');
      await expect(a.getByTestId('connection-banner')).toHaveAttribute('data-status', 'online');

      // Alice holds control and says so in chat: the admin sees the banner, disabled tiles, a message.
      if ((await a.getByRole('button', { name: 'Take control' }).count()) > 0)
        await a.getByRole('button', { name: 'Take control' }).click();
      await expect(page.getByTestId('lock-holder')).toContainText('alice holds');
      await a.getByTestId('chat-input').fill(`Working on the heater (${theme}, ${size})`);
      await a.getByTestId('chat-input').press('Enter');
      await expect(page.getByTestId('chat-message').last()).toContainText('Working on the heater');

      expect(await audit(page), 'board view').toEqual([]);
      await page.screenshot({
        path: testInfo.outputPath(`board-${theme}-${size}.png`),
        fullPage: size === 'phone',
      });

      await page.getByRole('link', { name: 'Audit log' }).click();
      await expect(page.getByTestId('audit-row').first()).toBeVisible();
      expect(await audit(page), 'audit view').toEqual([]);
      await page.screenshot({
        path: testInfo.outputPath(`audit-${theme}-${size}.png`),
        fullPage: size === 'phone',
      });

      // Under load alice's own link may have dropped meanwhile (and her control with it).
      const release = a.getByRole('button', { name: 'Release control' });
      if (await release.isVisible()) await release.click();
      await admin.close();
      await alice.close();
    });
  }
}

test('the sign-in pages have no axe violations in either theme', async ({ browser, server }, testInfo) => {
  for (const theme of ['light', 'dark'] as const) {
    const context = await browser.newContext({
      baseURL: server.url,
      httpCredentials: { username: users.carol.name, password: 'not-her-password' },
      colorScheme: theme,
    });
    const page = await context.newPage();
    expect((await page.goto(server.url))?.status()).toBe(401);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('That did not work');
    expect(await audit(page)).toEqual([]);
    await page.screenshot({ path: testInfo.outputPath(`signin-failed-${theme}.png`) });
    await context.close();
  }
});

test('the theme follows the system unless chosen; a choice is kept across reloads', async ({ openPanel }) => {
  const page = await openPanel(users.bob);
  const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await bg();
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await bg();
  expect(dark).not.toBe(light);
  await page.getByLabel('Theme').selectOption('light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  expect(await bg()).toBe(light); // the system says dark; the choice wins
  await page.reload();
  await expect(page.getByLabel('Theme')).toHaveValue('light');
  expect(await bg()).toBe(light);
  await page.getByLabel('Theme').selectOption('auto');
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /./);
  expect(await bg()).toBe(dark);
});
