import type { Locator, Page } from '@playwright/test';
import { expect, test, users } from './fixtures.js';

/** Presses Tab until `target` has focus (at most `max` times): it must be reachable by keyboard. */
async function tabTo(page: Page, target: Locator, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`not reachable with Tab in ${max} presses: ${target.toString()}`);
}

test('keyboard only: switch a line, take and release control, chat, and filter the audit log', async ({
  openPanel,
}) => {
  test.setTimeout(60_000);
  const page = await openPanel(users.bob);
  const lights = page.getByTestId('line-lights');
  const before = await lights.getAttribute('data-value');

  // The focus is visible: a ring drawn from the design tokens.
  const toggle = page.getByTestId('line-lights-toggle');
  await tabTo(page, toggle);
  expect(await toggle.evaluate((el) => getComputedStyle(el).boxShadow)).not.toBe('none');
  await page.keyboard.press('Space');
  await expect(lights).toHaveAttribute('data-value', before === '1' ? '0' : '1');
  await expect(toggle).toBeEnabled();
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(lights).toHaveAttribute('data-value', before ?? '0');

  await page.keyboard.press('Shift+Tab');
  const take = page.getByRole('button', { name: 'Take control' });
  await tabTo(page, take);
  await page.keyboard.press('Enter');
  const release = page.getByRole('button', { name: 'Release control' });
  await expect(release).toBeVisible();
  await page.keyboard.press('Shift+Tab'); // focus moved with the re-render: find it again
  await tabTo(page, release);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('lock-status')).toHaveAttribute('data-locked', 'false');

  const input = page.getByTestId('chat-input');
  await tabTo(page, input);
  await page.keyboard.type('typed without a mouse');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chat-message').filter({ hasText: 'typed without a mouse' })).toHaveCount(1);

  await page.keyboard.press('Shift+Tab');
  await tabTo(page, page.getByRole('link', { name: 'Audit log' }));
  await page.keyboard.press('Enter');
  const audit = page.getByTestId('audit');
  await tabTo(page, audit.getByLabel('User', { exact: true }));
  await page.keyboard.type('bob');
  await tabTo(page, audit.getByRole('button', { name: 'Show' }));
  await page.keyboard.press('Enter');
  await expect(audit.getByTestId('audit-row').first()).toContainText('bob');
});

test('screen readers hear others’ switches and chat; a Pulse is a button, a switch a switch', async ({
  openPanel,
}) => {
  test.setTimeout(60_000);
  const alice = await openPanel(users.alice);
  const bob = await openPanel(users.bob);
  const announcer = alice.getByTestId('announcer');
  await expect(announcer).toHaveAttribute('aria-live', 'polite');

  const lights = bob.getByTestId('line-lights');
  const next = (await lights.getAttribute('data-value')) === '1' ? 'OFF' : 'ON';
  await bob.getByTestId('line-lights-toggle').click();
  await expect(announcer).toContainText(`bob turned Bench lights ${next}`);
  await bob.getByTestId('chat-input').fill('heads up');
  await bob.getByTestId('chat-input').press('Enter');
  await expect(announcer).toContainText('bob says: heads up');
  // One's own actions are not read back.
  await expect(bob.getByTestId('announcer')).not.toContainText('bob turned');

  await expect(alice.getByRole('switch', { name: /^Bench lights Turn (ON|OFF)$/ })).toBeVisible();
  await expect(alice.getByRole('button', { name: /^Pulse/ })).toBeVisible();
  await expect(alice.getByTestId('line-door-strike').getByRole('switch')).toHaveCount(0);
  await expect(alice.getByTestId('line-door-contact').getByRole('button')).toHaveCount(0);
  await bob.getByTestId('line-lights-toggle').click(); // leave it as found
});
