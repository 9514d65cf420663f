import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Refusal } from '../http/gate.js';

/** An HTTP response written straight to an upgrade socket (there is no ServerResponse there). */
export function refuseUpgrade(socket: Duplex, refusal: Refusal): void {
  if (socket.destroyed) return;
  const lines = [`HTTP/1.1 ${refusal.status} ${STATUS_CODES[refusal.status] ?? ''}`, 'Connection: close'];
  for (const [name, value] of Object.entries(refusal.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
  }
  lines.push(`Content-Length: ${Buffer.byteLength(refusal.body)}`);
  socket.end(`${lines.join('\r\n')}\r\n\r\n${refusal.body}`);
}
