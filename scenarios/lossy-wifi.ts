import { scenario } from '@pulseboard/netlab/scenario';

// A poor Wi-Fi link: 10% loss each way and 80±40 ms of delay. At the default settings the
// board may call the user suspect, but must never call them offline.
export default scenario(
  'lossy-wifi',
  { description: '10% loss + 80±40 ms for 20 s: no false offline at the defaults', timeoutMs: 90_000 },
  async (lab) => {
    await lab.startBoard();
    const alice = await lab.addClient({ kind: 'ws', user: 'alice' });
    const carol = await lab.addClient({ kind: 'sse', user: 'carol' });
    await lab.addClient({ kind: 'ws', user: 'bob' });
    lab.streamLine('lights', 500);
    await lab.fault([alice, carol], 'loss', { percent: 10 });
    await lab.fault([alice, carol], 'delay', { delayMs: 80, jitterMs: 40 });
    await Promise.all([
      lab.expectNever('alice', 'offline', { forMs: 20_000 }),
      lab.expectNever('carol', 'offline', { forMs: 20_000 }),
    ]);
    await lab.heal();
  },
);
