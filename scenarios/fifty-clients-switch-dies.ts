import { scenario } from '@pulseboard/netlab/scenario';

// Fifty clients of every kind sit behind one switch that dies (every port down at once).
// The board must declare all of them offline within the TCP budget, without melting down.
export default scenario(
  'fifty-clients-switch-dies',
  { description: '50 clients (ws, sse, http, tcp) behind one switch that dies: all detected', timeoutMs: 120_000 },
  async (lab) => {
    await lab.startBoard();
    const clients = [
      ...(await lab.addClients(20, { kind: 'ws' })),
      ...(await lab.addClients(15, { kind: 'sse' })),
      ...(await lab.addClients(10, { kind: 'http' })),
      ...(await lab.addClients(5, { kind: 'tcp' })),
    ];
    lab.streamLine('lights', 250);
    await lab.wait(2000);
    await lab.fault(clients, 'cable-pull');
    const latencies = await Promise.all(clients.map((c) => lab.expectDetection(c, { within: 4000 })));
    const found = latencies.filter((l) => l !== undefined).length;
    lab.expect('every client detected', found === clients.length, `${found}/${clients.length}`);
    await lab.heal();
  },
);
