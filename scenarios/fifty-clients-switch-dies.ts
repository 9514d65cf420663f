import { scenario } from '@pulseboard/netlab/scenario';

// Fifty clients of every kind sit behind one switch that dies (every port down at once).
// The board must declare every client offline within the TCP budget, without melting down:
// ws, sse and raw TCP streams, and the plain HTTP keep-alive clients too (the server watches an
// authenticated keep-alive connection as a presence connection, transport "http").
export default scenario(
  'fifty-clients-switch-dies',
  {
    description: '50 clients (ws, sse, http, tcp) behind one switch that dies: every connection detected',
    timeoutMs: 120_000,
  },
  async (lab) => {
    await lab.startBoard();
    const ws = await lab.addClients(20, { kind: 'ws' });
    const sse = await lab.addClients(15, { kind: 'sse' });
    const http = await lab.addClients(10, { kind: 'http' });
    const tcp = await lab.addClients(5, { kind: 'tcp' });
    const live = [...ws, ...sse, ...http, ...tcp];
    lab.streamLine('lights', 250);
    await lab.wait(2000);
    await lab.fault(live, 'cable-pull');
    const latencies = await Promise.all(live.map((c) => lab.expectDetection(c, { within: 4000 })));
    const found = latencies.filter((l) => l !== undefined).length;
    lab.expect('every connection detected', found === live.length, `${found}/${live.length}`);
    const httpSeen = http.filter((c) =>
      lab.events.some((e) => e.type === 'detected' && e.clientId === c.id),
    ).length;
    lab.expect(
      'every http keep-alive client detected',
      httpSeen === http.length,
      `${httpSeen}/${http.length}`,
    );
    await lab.heal();
  },
);
