import { scenario } from '@pulseboard/netlab/scenario';

// The hard case: the server keeps writing state to a client whose cable is gone. Keepalive
// never fires while data is unacknowledged; TCP_USER_TIMEOUT and WS heartbeats must catch it.
export default scenario(
  'cable-pull-streaming',
  {
    description: 'Cable pulled while the server streams state: raw TCP and WebSocket both detected',
    fast: true,
    timeoutMs: 60_000,
  },
  async (lab) => {
    await lab.startBoard();
    const ws = await lab.addClient({ kind: 'ws', user: 'alice' });
    const tcp = await lab.addClient({ kind: 'tcp', user: 'carol' });
    await lab.addClient({ kind: 'sse', user: 'bob' });
    lab.streamLine('lights', 100);
    await lab.wait(1500);
    await lab.fault([ws, tcp], 'cable-pull');
    await lab.expectDetection(ws, { within: 2500 });
    await lab.expectDetection(tcp, { within: 3500 });
    await lab.expectNotified(ws, { within: 2500 });
    await lab.heal();
  },
);
