import { expect, test } from '@pulseboard/playwright';

// A user on a poor Wi-Fi link (5 % loss, both ways) stays online for everyone: a lost heartbeat
// makes the server unsure, never declares her gone.
test('lossy Wi-Fi: no false offline', async ({ panelAs, clientAs, fault }) => {
  const carol = await clientAs('carol', { kind: 'ws' });
  const bob = await panelAs('bob');
  await expect(bob).toShowUser('carol', 'online');

  await fault(carol, 'loss', { percent: 5 });
  await expect(bob).not.toShowUser('carol', 'offline', { within: 10_000 });
});
