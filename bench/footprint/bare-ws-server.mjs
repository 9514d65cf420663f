// The floor for the footprint bench: node:http + `ws`, nothing else. Answers every HTTP request
// 401 (as Pulseboard does without credentials), accepts every WebSocket, answers the panel's
// {"type":"ping"} with a pong. Prints "listening PORT".
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

const server = createServer((req, res) => {
  res.writeHead(401, { 'content-type': 'text/plain' });
  res.end('authentication required\n');
});
const wss = new WebSocketServer({ server, perMessageDeflate: false });
wss.on('connection', (ws) => {
  ws.on('message', (data) => {
    const msg = JSON.parse(String(data));
    if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong', t: msg.t }));
  });
  ws.send(JSON.stringify({ type: 'hello' }));
});
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
