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

test('the audit view: headers, filters, date and time, and a CSV of exactly the rows shown', async ({
  openPanel,
}) => {
  const a = await openPanel(users.alice);
  const heater = a.getByTestId('line-heater');
  const before = await heater.getAttribute('data-value');
  // Switch it and back: two confirmed rows, and the board left as found.
  for (const value of [before === '1' ? '0' : '1', before ?? '0']) {
    await expect(a.getByTestId('line-heater-toggle')).toBeEnabled();
    await a.getByTestId('line-heater-toggle').click();
    await expect(heater).toHaveAttribute('data-value', value);
  }
  await a.getByRole('link', { name: 'Audit log' }).click();
  const audit = a.getByTestId('audit');
  for (const name of ['Date and time', 'User', 'Action', 'Line', 'Change', 'Result', 'From address'])
    await expect(audit.getByRole('columnheader', { name })).toBeVisible();
  await audit.getByLabel('User', { exact: true }).fill('alice');
  await audit.getByLabel('Line', { exact: true }).selectOption('heater');
  await audit.getByLabel('Result', { exact: true }).selectOption('confirmed');
  await audit.getByRole('button', { name: 'Show' }).click();
  const rows = audit.getByTestId('audit-row');
  await expect(rows.nth(1)).toBeVisible(); // the two above (others of this worker's server may add more)
  const shown = await rows.count();
  await expect(rows.first()).toContainText('Heater');
  await expect(rows.first()).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
  await expect(rows.first()).toContainText('Done');

  const download = a.waitForEvent('download');
  await audit.getByTestId('audit-csv').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('pulseboard-audit.csv');
  const csv = Buffer.concat(await (await file.createReadStream()).toArray()).toString();
  const lines = csv.trim().split('\r\n').slice(1);
  expect(lines).toHaveLength(shown);
  for (const line of lines) expect(line).toMatch(/,alice,.*,operate,heater,.*,confirmed,/);

  // A range that ends before it starts is refused in words, not with an empty table.
  await audit.getByLabel('From', { exact: true }).fill('2030-01-02T00:00:00');
  await audit.getByLabel('To', { exact: true }).fill('2030-01-01T00:00:00');
  await audit.getByRole('button', { name: 'Show' }).click();
  await expect(audit.getByTestId('audit-error')).toContainText('"From" is later than "To"');
  await a.getByRole('link', { name: 'Board' }).click();
  await expect(a.getByTestId('line-heater')).toBeVisible();
});
