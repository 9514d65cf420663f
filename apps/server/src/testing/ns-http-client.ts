// An HTTP keep-alive client process for namespace tests: one authenticated GET /api/state on a
// pooled keep-alive connection, then it holds that connection idle. Prints one JSON line per
// event `{ "recvAt": epochMs, "event": {...} }` on stdout: `response` (status) and `closed`
// when the socket goes. Each line read on stdin is a path to GET again on the same connection.
// Usage: node --conditions=source --import tsx ns-http-client.ts URL USER PASSWORD
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';

const [url, user, password] = process.argv.slice(2);
if (!url || !user || !password) {
  process.stderr.write('usage: ns-http-client URL USER PASSWORD\n');
  process.exit(2);
}
const auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const seen = new WeakSet<object>();
const print = (event: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify({ recvAt: Date.now(), event })}\n`);

function get(path: string): void {
  const req = request(`${url}${path}`, { agent, headers: { Authorization: auth } }, (res) => {
    res.resume();
    res.on('end', () => print({ type: 'response', path, status: res.statusCode }));
  });
  req.on('socket', (socket) => {
    if (seen.has(socket)) return;
    seen.add(socket);
    socket.once('close', () => print({ type: 'closed' }));
  });
  req.on('error', (err) => print({ type: 'error', message: err.message }));
  req.end();
}

get('/api/state');
// stdin keeps the process alive (the agent's idle socket is unref'd) and asks for more requests.
createInterface({ input: process.stdin }).on('line', (line) => get(line.trim() || '/api/state'));
