import { scenario } from '@pulseboard/netlab/scenario';

// Ten people watch the board; one of them vanishes. The nine others must all be told.
export default scenario(
  'ten-users-one-drops',
  {
    description: 'Ten WebSocket users, one blackholed: all nine others told within 2.5 s',
    fast: true,
    timeoutMs: 90_000,
  },
  async (lab) => {
    await lab.startBoard();
    const users = await lab.addClients(10, { kind: 'ws' });
    await lab.wait(1000);
    const gone = users[3]!;
    await lab.fault(gone, 'blackhole');
    await lab.expectDetection(gone, { within: 2500 });
    await lab.expectNotified(gone, { within: 2500 });
    for (const u of users) if (u !== gone) await lab.expectPresence(u.user, 'online', { within: 100 });
    await lab.heal();
  },
);
