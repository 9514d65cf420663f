import { expect, test, users } from './fixtures.js';

test('the panel opens with HTTP credentials and shows the board lines', async ({ openPanel }) => {
  const page = await openPanel(users.alice);
  await expect(page.getByTestId('line-pump')).toBeVisible();
  await expect(page.getByTestId('line-lights')).toBeVisible();
  await expect(page.getByTestId('connection-banner')).toHaveAttribute('data-status', 'online');
  await expect(page.getByTestId('me')).toContainText('alice (operator)');
});
