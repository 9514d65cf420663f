import type { ServerResponse } from 'node:http';
import { PulseboardError } from '@pulseboard/core';

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, type = 'text/plain'): void {
  res.statusCode = status;
  res.setHeader('Content-Type', `${type}; charset=utf-8`);
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Any thrown value becomes the catalog's JSON error; unknown errors are INTERNAL (never leak). */
export function toPulseboardError(err: unknown): PulseboardError {
  if (err instanceof PulseboardError) return err;
  return new PulseboardError('INTERNAL');
}

export function sendError(res: ServerResponse, err: unknown): void {
  const e = toPulseboardError(err);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, e.status, e.toJSON());
}
