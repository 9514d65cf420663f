import { scenario } from '@pulseboard/netlab/scenario';

// A user's machine loses power while it drives the pump: no FIN, no RST. The server must
// notice, tell the others, and drive the failsafe line back to its safe value.
export default scenario(
  'power-off',
  {
    description: 'Operator powers off mid-operation: detected, others told, pump back to safe 0',
    fast: true,
    timeoutMs: 60_000,
  },
  async (lab) => {
    await lab.startBoard();
    const alice = await lab.addClient({ kind: 'ws', user: 'alice' });
    await lab.addClient({ kind: 'ws', user: 'bob' });
    lab.operate(alice, 'pump', 1);
    await lab.expectLine('pump', 1, { within: 2000 });
    await lab.wait(500);
    await lab.fault(alice, 'power-off');
    await lab.expectDetection(alice, { within: 2500 });
    await lab.expectNotified(alice, { within: 2500 });
    await lab.expectLine('pump', 0, { within: 3000 });
  },
);
