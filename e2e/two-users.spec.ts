import { expect, test, users } from './fixtures.js';

test('A switches a line and B sees the confirmed state, and who did it, within 1 s', async ({
  openPanel,
}) => {
  const a = await openPanel(users.alice);
  const b = await openPanel(users.bob);
  const lineA = a.getByTestId('line-lights');
  const lineB = b.getByTestId('line-lights');
  const before = await lineA.getAttribute('data-value');
  const next = before === '1' ? '0' : '1';

  await a.getByTestId('line-lights-toggle').click();
  const clickedAt = Date.now();
  await expect(lineB).toHaveAttribute('data-value', next, { timeout: 1000 });
  expect(Date.now() - clickedAt).toBeLessThan(1000);
  await expect(b.getByTestId('line-lights-by')).toContainText('alice');
  await expect(lineA).toHaveAttribute('data-value', next);
  await expect(b.getByTestId('activity')).toContainText(
    `alice turned Bench lights ${next === '1' ? 'ON' : 'OFF'}`,
  );
});

test('each user sees the other in the presence list', async ({ openPanel }) => {
  const a = await openPanel(users.alice);
  await openPanel(users.bob);
  await expect(a.getByTestId('presence-bob')).toHaveAttribute('data-state', 'online');
});

test('a viewer cannot switch lines', async ({ openPanel }) => {
  const c = await openPanel(users.carol);
  await expect(c.getByTestId('line-lights-toggle')).toBeDisabled();
});
