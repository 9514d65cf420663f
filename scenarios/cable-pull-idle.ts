import { scenario } from '@pulseboard/netlab/scenario';

// An idle WebSocket user loses their cable; a second user watches. The server should call it
// within the WebSocket heartbeat budget and tell the watcher.
export default scenario(
  'cable-pull-idle',
  {
    description: 'Idle WebSocket client, cable pulled: detected and others told within 2.5 s',
    fast: true,
    timeoutMs: 60_000,
  },
  async (lab) => {
    await lab.startBoard();
    const alice = await lab.addClient({ kind: 'ws', user: 'alice' });
    await lab.addClient({ kind: 'sse', user: 'bob' });
    await lab.wait(1000);
    await lab.fault(alice, 'cable-pull');
    await lab.expectDetection(alice, { within: 2500 });
    await lab.expectNotified(alice, { within: 2500 });
    await lab.expectPresence('alice', 'offline', { within: 2500 });
    await lab.heal();
  },
);
