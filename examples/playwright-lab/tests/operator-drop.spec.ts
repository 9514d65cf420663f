import { expect, test } from '@pulseboard/playwright';

// The operator switches the pump on, then her cable is pulled (no FIN, no RST): everyone else
// sees her go offline within a second, and the pump goes back to its safe OFF.
test('operator drops: others see her offline within 1 s and the pump goes safe', async ({
  lab,
  panelAs,
  fault,
}) => {
  const alice = await panelAs('alice');
  const bob = await panelAs('bob');
  await expect(bob).toShowUser('alice', 'online');

  await alice.page.getByTestId('line-pump-toggle').click();
  await expect(lab.line('pump')).toHaveValue(1);

  await fault(alice, 'cable-pull');
  await expect(lab).toHaveDetected(alice, { within: 1500 });
  await expect(bob).toShowUser('alice', 'offline', { within: 2000 });
  await expect(lab.line('pump')).toHaveValue(0, { within: 3000 });
});
