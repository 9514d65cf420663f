import { spawn } from 'node:child_process';
import type { Socket } from 'node:net';

// A TCP connection made inside a namespace but used from this process: a helper started in
// the namespace connects and hands the socket over IPC (a socket keeps its namespace).
// Tests and the bench use it to measure faults on the wire without a process per probe.
const HELPER = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
const s = net.connect({ host, port: Number(port) });
s.on('error', (e) => { process.send({ error: e.message }); process.exit(1); });
s.on('connect', () => process.send('socket', s, () => process.exit(0)));
setTimeout(() => { process.send({ error: 'connect timeout' }); process.exit(1); }, 5000);
`;

export function connectInNamespace(ns: string, host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', HELPER, host, String(port)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    child.once('message', (msg: unknown, handle: unknown) => {
      if (handle) resolve(handle as Socket);
      else
        reject(
          new Error(
            `connect ${host}:${port} from ${ns}: ${(msg as { error?: string }).error ?? 'no handle'}`,
          ),
        );
    });
    child.once('exit', (code) => code !== 0 && reject(new Error(`connect helper in ${ns} exited ${code}`)));
  });
}

// The receiver counts until told to stop (SIGTERM), so a slow start of the sender under
// load never shortens the window.
const UDP_RECV = `
const d = require('node:dgram').createSocket('udp4');
let n = 0;
d.on('message', () => n++);
d.bind(Number(process.argv[1]), () => process.stdout.write('ready\\n'));
process.on('SIGTERM', () => { process.stdout.write(String(n) + '\\n'); process.exit(0); });
`;
const UDP_SEND = `
const d = require('node:dgram').createSocket('udp4');
const [host, port] = process.argv.slice(1);
let i = 0;
const t = setInterval(() => { d.send('x', Number(port), host); if (++i === 10) { clearInterval(t); setTimeout(() => process.exit(0), 50); } }, 20);
`;

/** How many of 10 UDP datagrams sent from `fromNs` reach `toAddr` in `toNs` (one direction only). */
export async function udpDelivered(
  fromNs: string,
  toNs: string,
  toAddr: string,
  port = 40404,
): Promise<number> {
  // `ip netns exec` execs node, so the child's pid is the receiver's and SIGTERM reaches it.
  const recv = spawn('ip', ['netns', 'exec', toNs, process.execPath, '-e', UDP_RECV, String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  recv.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((r) => {
    const check = () => (out.includes('ready') ? r() : setTimeout(check, 10));
    check();
  });
  const send = spawn(
    'ip',
    ['netns', 'exec', fromNs, process.execPath, '-e', UDP_SEND, toAddr, String(port)],
    {
      stdio: 'ignore',
    },
  );
  await new Promise((r) => send.once('exit', r));
  await new Promise((r) => setTimeout(r, 150));
  recv.kill('SIGTERM');
  await new Promise((r) => recv.once('exit', r));
  return Number(out.split('\n')[1] ?? 0);
}
