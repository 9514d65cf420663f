import { expect, test } from '@pulseboard/playwright';

// Alice holds the control lock and her machine loses power: the lock is freed for the others
// and bob can take control and switch the lights.
test('lock handover: a dead holder frees the lock for the next operator', async ({ lab, panelAs, fault }) => {
  const alice = await panelAs('alice');
  const bob = await panelAs('bob');

  await alice.page.getByRole('button', { name: /take control/i }).click();
  await expect(bob.page.getByTestId('lock-holder')).toContainText('alice');

  await fault(alice, 'power-off');
  await expect(lab).toHaveDetected(alice, { within: 1500 });
  await expect(bob).toShowUser('alice', 'offline', { within: 2000 });

  await expect(bob.page.getByTestId('lock-holder')).toHaveCount(0);
  await bob.page.getByRole('button', { name: /take control/i }).click();
  await expect(bob.page.getByTestId('lock-holder')).toContainText('You hold');
  await bob.page.getByTestId('line-lights-toggle').click();
  await expect(lab.line('lights')).toHaveValue(1);
});
