import { expect, test, users } from './fixtures.js';

test('chat goes both ways and is shown as text, never as HTML', async ({ openPanel }) => {
  const a = await openPanel(users.alice);
  const b = await openPanel(users.bob);
  const hello = `hello bob <img src=x onerror="document.title='pwned'"> ${Date.now()}`;

  await a.getByTestId('chat-input').fill(hello);
  await a.getByTestId('chat-send').click();
  await expect(b.getByTestId('chat-message').filter({ hasText: hello })).toHaveCount(1);
  await expect(b.getByTestId('chat').locator('img')).toHaveCount(0);

  const reply = `hi alice ${Date.now()}`;
  await b.getByTestId('chat-input').fill(reply);
  await b.getByTestId('chat-input').press('Enter');
  await expect(a.getByTestId('chat-message').filter({ hasText: reply })).toContainText('bob');
  expect(await b.title()).not.toBe('pwned');
});
