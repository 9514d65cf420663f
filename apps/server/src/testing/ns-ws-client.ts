// A WebSocket client process for namespace tests: connects to URL/ws with Basic credentials,
// prints every event as one JSON line `{ "recvAt": epochMs, "event": {...} }` on stdout, and
// sends each line it reads on stdin as a message.
// Usage: node --conditions=source --import tsx ns-ws-client.ts URL USER PASSWORD
import { createInterface } from 'node:readline';
import { WebSocket } from 'ws';

const [url, user, password] = process.argv.slice(2);
if (!url || !user || !password) {
  process.stderr.write('usage: ns-ws-client URL USER PASSWORD\n');
  process.exit(2);
}
const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws`, { headers: { Authorization: auth } });
ws.on('message', (data) => {
  process.stdout.write(
    `${JSON.stringify({ recvAt: Date.now(), event: JSON.parse(data.toString()) as unknown })}\n`,
  );
});
ws.on('close', (code) => {
  process.stdout.write(`${JSON.stringify({ recvAt: Date.now(), event: { type: 'closed', code } })}\n`);
  process.exit(0);
});
ws.on('error', (err) => process.stderr.write(`ws error: ${err.message}\n`));
createInterface({ input: process.stdin }).on('line', (line) => {
  if (ws.readyState === WebSocket.OPEN) ws.send(line);
});
