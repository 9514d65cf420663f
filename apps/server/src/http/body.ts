import type { IncomingMessage } from 'node:http';
import { PulseboardError } from '@pulseboard/core';

/**
 * Reads a JSON body of at most `limit` bytes; a bigger body is refused before it is buffered.
 * The request must say `application/json` (even with no body): a form on another site can
 * only send text/plain, urlencoded or multipart without a CORS preflight (cross-site request
 * forgery, issue 12).
 */
export async function readJson(req: IncomingMessage, limit = 16 * 1024): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new PulseboardError('UNSUPPORTED_MEDIA_TYPE');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new PulseboardError('PAYLOAD_TOO_LARGE');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new PulseboardError('PAYLOAD_TOO_LARGE');
    chunks.push(chunk);
  }
  if (size === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new PulseboardError('BAD_REQUEST', 'Body is not valid JSON');
  }
}
