import { scenario } from '@pulseboard/netlab/scenario';

// The home router reboots: the client is cut off from the board both ways for 5 s, then the
// path comes back. The board must mark the user offline, and the client must come back and
// resume (it reconnects like the panel does).
export default scenario(
  'router-reboot',
  { description: 'Partition for 5 s, then heal: offline, then back online and resumed', timeoutMs: 60_000 },
  async (lab) => {
    await lab.startBoard();
    const alice = await lab.addClient({ kind: 'ws', user: 'alice' });
    await lab.addClient({ kind: 'sse', user: 'bob' });
    await lab.wait(1000);
    const cut = await lab.partition([
      [alice, ['board']],
      ['board', [alice]],
    ]);
    await lab.expectDetection(alice, { within: 2500 });
    await lab.expectPresence('alice', 'offline', { within: 3000 });
    await lab.wait(Math.max(0, cut.startedAt + 5000 - Date.now()));
    await cut.heal();
    await lab.expectConnected(alice, { within: 5000 });
    await lab.expectPresence('alice', 'online', { within: 5000 });
  },
);
