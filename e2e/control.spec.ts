import { expect, test, users } from './fixtures.js';

test('the control lock: A takes the board, B is locked out and sees who holds it', async ({ openPanel }) => {
  const a = await openPanel(users.alice);
  const b = await openPanel(users.bob);
  await a.getByRole('button', { name: 'Take control' }).click();
  await expect(b.getByTestId('lock-holder')).toContainText('alice holds the board');
  await expect(b.getByTestId('line-lights-toggle')).toBeDisabled();
  await expect(a.getByTestId('line-lights-toggle')).toBeEnabled();
  await a.getByRole('button', { name: 'Release control' }).click();
  await expect(b.getByTestId('line-lights-toggle')).toBeEnabled();
});

test('the audit view lists operations and links a CSV export', async ({ openPanel }) => {
  const a = await openPanel(users.alice);
  await a.getByTestId('line-heater-toggle').click();
  await expect(a.getByTestId('line-heater')).toHaveAttribute('data-pending', '');
  const audit = a.getByTestId('audit');
  await audit.getByLabel('User').fill('alice');
  await audit.getByRole('button', { name: 'Show' }).click();
  await expect(audit.getByTestId('audit-row').filter({ hasText: 'heater' }).first()).toBeVisible();
  const download = a.waitForEvent('download');
  await audit.getByTestId('audit-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('pulseboard-audit.csv');
  const csv = await (await file.createReadStream()).toArray();
  expect(Buffer.concat(csv).toString()).toContain('heater');
  await a.getByTestId('line-heater-toggle').click(); // leave it as found
});
