// TCP_INFO on a real kernel (run by system-guest.sh inside the arm64 system VM, as root):
// our ffi-rs getsockopt + decoder (packages/core/dist/net) against `ss -tin`, which gets the
// same struct tcp_info through another path (netlink INET_DIAG) and its own decoder, and
// against values this script causes with netem on loopback:
//   1. delay 20 ms each way, 20 echoed round trips of 1000 bytes: ESTABLISHED, rtt >= 40 ms,
//      all 20000 bytes acknowledged and received, nothing unacked or retransmitted;
//   2. loss 100 %, one 1000-byte write, two RTOs in a row: exactly 1 segment unacked, lost and
//      retransmitted, the retransmissions counted (bytes_retrans = 1000 x total_retrans), RTO
//      backed off, the Loss state;
//   3. loss removed: the segment gets through, unacked 0, the counters keep their totals.
// Prints one JSON line; exits 0 only if every comparison held.
import { execFileSync } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';

const app = new URL('../../../', import.meta.url).pathname;
const { readTcpInfo } = await import(join(app, 'packages/core/dist/net/index.js'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const netem = (verb, ...args) =>
  execFileSync('tc', ['qdisc', verb, 'dev', 'lo', 'root', ...(verb === 'del' ? [] : ['netem', ...args])]);

// ss's info line as numbers (ms where ss prints ms); absent fields are zero, as ss omits them.
function ssInfo(localPort, peerPort) {
  const text = execFileSync(
    'ss',
    ['-tinH', 'state', 'established', `( sport = :${localPort} and dport = :${peerPort} )`],
    { encoding: 'utf8' },
  );
  const kv = new Map();
  for (const m of text.matchAll(/\b([a-z_]+):([\d.]+)(?:\/([\d.]+))?/g))
    kv.set(m[1], [Number(m[2]), Number(m[3])]);
  if (kv.size === 0) throw new Error(`ss found no such connection: ${JSON.stringify(text)}`);
  const v = (k, i = 0) => kv.get(k)?.[i] ?? 0;
  return {
    rtoMs: v('rto'),
    backoff: v('backoff'),
    rttMs: v('rtt'),
    rttVarMs: v('rtt', 1),
    minRttMs: v('minrtt'),
    sndCwnd: v('cwnd'),
    bytesSent: v('bytes_sent'),
    bytesRetrans: v('bytes_retrans'),
    bytesAcked: v('bytes_acked'),
    bytesReceived: v('bytes_received'),
    segsOut: v('segs_out'),
    segsIn: v('segs_in'),
    notsentBytes: v('notsent'),
    unacked: v('unacked'),
    retrans: v('retrans'),
    totalRetrans: v('retrans', 1),
    lost: v('lost'),
  };
}

// ss runs between two readings of ours; if the connection moved meanwhile (an RTO fired),
// read again, so the comparison is of one state.
async function compare(socket, peerPort) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = readTcpInfo(socket);
    const ss = ssInfo(socket.localPort, peerPort);
    const after = readTcpInfo(socket);
    const moved = Object.keys(ss).some((k) => before[k] !== after[k]);
    if (moved) continue;
    const differ = Object.keys(ss).filter((k) => (after[k] ?? 0) !== ss[k]);
    return { ours: after, ss, differ };
  }
  throw new Error('the connection kept changing under ss five times');
}

const failures = [];
const expect = (what, ok) => ok || failures.push(what);
const phases = {};

// The delay before the connection, so the handshake's RTT sample (min_rtt) includes it too.
netem('add', 'delay', '20ms');
const server = createServer((sock) => sock.pipe(sock)); // echo
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const port = server.address().port;
const client = connect(port, '127.0.0.1');
client.setNoDelay(true);
await new Promise((r) => client.once('connect', r));
let received = 0;
client.on('data', (d) => (received += d.length));
const until = async (check, what, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
};

try {
  const chunk = Buffer.alloc(1000, 0x61);
  for (let i = 1; i <= 20; i++) {
    client.write(chunk);
    await until(() => received >= i * 1000, `echo ${i}`);
  }
  await sleep(500); // idle: every ACK in
  const one = await compare(client, port);
  const o = one.ours;
  phases.delay = { ...pick(o), differFromSs: one.differ };
  expect('1: fields equal ss', one.differ.length === 0);
  expect('1: ESTABLISHED', o.state === 'ESTABLISHED');
  expect('1: rtt >= 40 ms (2 x 20 ms netem) and < 1 s', o.rttMs >= 40 && o.rttMs < 1000);
  expect('1: min_rtt >= 40 ms', o.minRttMs >= 40);
  expect('1: 20000 bytes acknowledged (+1 for the SYN)', o.bytesAcked === 20_000 || o.bytesAcked === 20_001);
  expect('1: 20000 bytes received', o.bytesReceived === 20_000);
  expect('1: nothing unacked or retransmitted', o.unacked === 0 && o.totalRetrans === 0 && o.retrans === 0);

  netem('change', 'loss', '100%');
  client.write(chunk);
  await until(() => readTcpInfo(client).retransmits >= 2, 'two RTOs in a row');
  const two = await compare(client, port);
  const t = two.ours;
  phases.loss = { ...pick(t), differFromSs: two.differ };
  expect('2: fields equal ss', two.differ.length === 0);
  expect('2: ESTABLISHED', t.state === 'ESTABLISHED');
  expect('2: exactly 1 segment unacked', t.unacked === 1);
  // A tail-loss probe may retransmit once before the first RTO: total >= RTOs, not equal.
  expect(
    '2: total_retrans >= retransmits (RTOs in a row) >= 2',
    t.totalRetrans >= t.retransmits && t.retransmits >= 2,
  );
  expect('2: bytes_retrans = 1000 x total_retrans', t.bytesRetrans === 1000 * t.totalRetrans);
  expect('2: RTO backed off beyond the idle one', t.rtoMs > o.rtoMs && t.backoff >= 2);
  expect('2: ca_state Loss (4)', t.caState === 4);

  netem('change', 'delay', '20ms');
  await until(() => readTcpInfo(client).unacked === 0 && received >= 21_000, 'the lost segment delivered');
  await sleep(500);
  const three = await compare(client, port);
  const h = three.ours;
  phases.recovered = { ...pick(h), differFromSs: three.differ };
  expect('3: fields equal ss', three.differ.length === 0);
  expect('3: unacked 0, total_retrans kept', h.unacked === 0 && h.totalRetrans >= t.totalRetrans);
  expect('3: 21000 bytes acknowledged (+1)', h.bytesAcked === 21_000 || h.bytesAcked === 21_001);
} catch (err) {
  failures.push(String(err?.message ?? err));
} finally {
  try {
    netem('del');
  } catch {
    // already gone: nothing to undo
  }
  client.destroy();
  server.close();
}

function pick(i) {
  const keys = [
    'state',
    'caState',
    'rttMs',
    'rttVarMs',
    'minRttMs',
    'rtoMs',
    'backoff',
    'retransmits',
    'unacked',
    'retrans',
    'lost',
    'totalRetrans',
    'bytesAcked',
    'bytesReceived',
    'bytesRetrans',
    'segsOut',
    'segsIn',
    'sndCwnd',
  ];
  return Object.fromEntries(keys.map((k) => [k, i[k]]));
}

console.log(
  JSON.stringify({ check: 'tcp-info', ok: failures.length === 0, arch: process.arch, failures, ...phases }),
);
process.exit(failures.length === 0 ? 0 : 1);
