// The arm64 checks without vitest or tsx (whose esbuild has no binary for the emulated root):
// run by prove-arm64.sh's `cross` phase inside the arm64 root, against the built dist/ JS.
//   node quick-proof.mjs sockets       ffi-rs sets the socket options; TCP_INFO length as read
//   node quick-proof.mjs kill9 DIR     audit store: no acknowledged row lost to SIGKILL
//   node quick-proof.mjs ws PORT PASS  the panel's WebSocket answers an authenticated client
// Each prints one JSON line and exits 0 only if the check passed.
import { spawn } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';

const app = new URL('../../../', import.meta.url).pathname;
const core = (p) => import(join(app, 'packages/core/dist', p));
const [what, arg, arg2] = process.argv.slice(2);
const say = (ok, facts) => {
  console.log(JSON.stringify({ check: what, ok, arch: process.arch, node: process.version, ...facts }));
  process.exit(ok ? 0 : 1);
};

if (what === 'sockets') {
  const { tuneSocket, readTcpInfo } = await core('net/index.js');
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const accepted = new Promise((r) => server.once('connection', r));
  const client = connect(server.address().port, '127.0.0.1');
  const sock = await accepted;
  const r = tuneSocket(sock, { keepIdleS: 3, keepIntvlS: 2, keepCnt: 4, userTimeoutMs: 1500 });
  let tcpInfo;
  try {
    const info = readTcpInfo(sock);
    tcpInfo = info ? { state: info.state, rtoMs: info.rtoMs } : null; // null: short read (qemu-user)
  } catch (err) {
    tcpInfo = { error: String(err.message ?? err).slice(0, 200) };
  }
  client.destroy();
  sock.destroy();
  server.close();
  const a = r.applied;
  const ok =
    r.ffi === true &&
    r.errors.length === 0 &&
    a.keepIdleS === 3 &&
    a.keepIntvlS === 2 &&
    a.keepCnt === 4 &&
    a.userTimeoutMs === 1500;
  say(ok, { ffi: r.ffi, applied: a, errors: r.errors, tcpInfo });
} else if (what === 'append') {
  // The child of kill9: appends with 8 in flight, prints "ack ID" once each is committed.
  const { openAuditStore } = await core('store/audit.js');
  const store = openAuditStore(arg);
  let seq = 0;
  const one = async () => {
    for (;;) {
      const i = seq++;
      const now = Date.now();
      const { id } = await store.append({
        ...{ user: 'arm64', sessionId: 's', remote: '127.0.0.1', action: 'operate', line: 'pump' },
        ...{
          oldValue: i % 2,
          newValue: (i + 1) % 2,
          result: 'confirmed',
          requestedAt: now,
          completedAt: now,
        },
      });
      process.stdout.write(`ack ${id}\n`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, one));
} else if (what === 'kill9') {
  const db = join(arg, 'audit.db');
  const child = spawn(process.execPath, [new URL(import.meta.url).pathname, 'append', db], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const acked = [];
  let buf = '';
  await new Promise((resolve) => {
    child.on('exit', resolve);
    child.stdout.on('data', (d) => {
      buf += d;
      const lines = buf.split('\n');
      buf = lines.pop();
      for (const l of lines) if (l.startsWith('ack ')) acked.push(Number(l.slice(4)));
      if (acked.length >= 200 && !child.killed) child.kill('SIGKILL');
    });
  });
  const { openAuditStore } = await core('store/audit.js');
  const store = openAuditStore(db);
  const ids = new Set(store.query({ limit: 10_000 }).map((r) => r.id));
  const lost = acked.filter((id) => !ids.has(id));
  await store.close();
  const sqlite = (
    await import(join(app, 'node_modules/better-sqlite3/package.json'), { with: { type: 'json' } })
  ).default.version;
  say(child.signalCode === 'SIGKILL' && acked.length >= 200 && lost.length === 0, {
    signal: child.signalCode,
    acked: acked.length,
    rows: ids.size,
    lost: lost.length,
    betterSqlite3: sqlite,
  });
} else if (what === 'ws') {
  const { WebSocket } = await import(join(app, 'node_modules/ws/wrapper.mjs'));
  const auth = `Basic ${Buffer.from(`admin:${arg2}`).toString('base64')}`;
  const ws = new WebSocket(`ws://127.0.0.1:${arg}/ws`, { headers: { authorization: auth } });
  const timer = setTimeout(() => say(false, { error: 'no message within 60 s' }), 60_000);
  ws.on('error', (err) => say(false, { error: err.message }));
  ws.on('message', (data) => {
    clearTimeout(timer);
    const msg = JSON.parse(String(data));
    ws.terminate();
    say(typeof msg.type === 'string', { firstMessage: msg.type });
  });
} else {
  console.error('usage: quick-proof.mjs sockets | kill9 DIR | ws PORT PASSWORD');
  process.exit(2);
}
