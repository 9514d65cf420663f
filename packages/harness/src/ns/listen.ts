import { spawn } from 'node:child_process';
import type { Server } from 'node:net';

// A process cannot move a socket into another namespace, but a socket keeps the namespace it was
// created in. So a tiny helper started inside the namespace opens the listening socket and
// hands it to us over the IPC channel (the cluster module's mechanism); every connection we
// accept on it is then a connection in that namespace, served by this process.
const HELPER = `
const net = require('node:net');
const [host, port] = process.argv.slice(1);
const srv = net.createServer();
srv.on('error', (e) => { process.send({ error: e.message }); process.exit(1); });
srv.listen(Number(port), host, () => { process.send('server', srv, () => process.exit(0)); });
`;

export function listenInNamespace(ns: string, host: string, port = 0): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '-e', HELPER, host, String(port)], {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    child.once('message', (msg: unknown, handle: unknown) => {
      if (handle) resolve(handle as Server);
      else
        reject(
          new Error(`listen ${host}:${port} in ${ns}: ${(msg as { error?: string }).error ?? 'no handle'}`),
        );
    });
    child.once('exit', (code) => {
      if (code !== 0) reject(new Error(`listen helper in ${ns} exited ${code}: ${stderr.trim()}`));
    });
  });
}
