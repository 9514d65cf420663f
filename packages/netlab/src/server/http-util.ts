import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { PulseboardError } from '@pulseboard/core';

// JSON in, JSON out, and the one error shape of docs/lab-api.md.
export async function readJson(req: IncomingMessage, limit = 1_000_000): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const c of req as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > limit) throw new PulseboardError('PAYLOAD_TOO_LARGE');
    chunks.push(c);
  }
  if (size === 0) return {};
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    return v as Record<string, unknown>;
  } catch {
    throw new PulseboardError('BAD_REQUEST', 'body must be a JSON object');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof PulseboardError)
    return sendJson(res, err.status, { error: { code: err.code, message: err.message } });
  if (err instanceof TypeError)
    return sendJson(res, 400, { error: { code: 'BAD_REQUEST', message: err.message } });
  sendJson(res, 500, {
    error: { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) },
  });
}

/** The same error shape on a socket whose upgrade is refused (no 101). */
export function refuseUpgrade(socket: Duplex, err: PulseboardError): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({ error: { code: err.code, message: err.message } });
  socket.end(
    `HTTP/1.1 ${err.status} ${err.code}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}
