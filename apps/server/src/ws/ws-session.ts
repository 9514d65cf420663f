import type { WebSocket } from 'ws';
import type { Actor } from '@pulseboard/core/control/actor';
import type { LiveEntry } from '../app/live-connections.js';
import type { Services } from '../app/services.js';
import type { Unstamped } from '../events/types.js';
import { toPulseboardError } from '../http/respond.js';
import { closeCodes } from './close-codes.js';
import type { ClientMessage } from './messages.js';
import { parseClientMessage } from './messages.js';
import { TokenBucket } from './rate-limit.js';

/**
 * Commands on one WebSocket. Every message is validated (zod) and counted against the
 * connection's token bucket; a client that floods is closed with the catalog's RATE_LIMITED code.
 */
export function attachWsSession(s: Services, ws: WebSocket, entry: LiveEntry): void {
  const bucket = new TokenBucket(s.options.wsRate.perSec, s.options.wsRate.burst);
  const actor: Actor = {
    user: entry.user,
    role: entry.role,
    sessionId: entry.sessionId,
    remote: entry.remote,
  };
  const reply = (event: Unstamped) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ at: Date.now(), ...event }));
  };

  let refused = false;
  ws.on('message', (data, isBinary) => {
    // Frames already received when the flood was cut off are dropped without a word each.
    if (refused) return;
    s.live.heard(entry.id);
    if (!bucket.take()) {
      refused = true;
      // One line per user per window, whatever a reconnect loop does.
      const quiet = s.warnings.take(`ws-rate:${entry.user}`);
      if (quiet) {
        s.log.warn(
          { connectionId: entry.id, user: entry.user, suppressed: quiet.suppressed },
          'websocket rate limit exceeded',
        );
      }
      s.live.end(entry.id, closeCodes.rateLimited, 'Too many requests', 'rate-limited');
      return;
    }
    if (isBinary) {
      reply({ type: 'error', error: { code: 'BAD_REQUEST', message: 'binary messages are not accepted' } });
      return;
    }
    const parsed = parseClientMessage(data.toString());
    if (!parsed.ok) {
      reply({ type: 'error', error: { code: 'BAD_REQUEST', message: parsed.reason } });
      return;
    }
    const msg = parsed.message;
    run(s, actor, msg).then(
      (result) =>
        reply(msg.type === 'ping' ? { type: 'pong', t: msg.t } : { type: 'ack', id: msg.id, result }),
      (err: unknown) => reply({ type: 'error', id: msg.id, error: toPulseboardError(err).toJSON().error }),
    );
  });
}

async function run(s: Services, actor: Actor, msg: ClientMessage): Promise<unknown> {
  switch (msg.type) {
    case 'operate':
      return s.controller.operate(actor, msg.line, msg.value);
    case 'lock.take':
      return s.controller.takeLock(actor, msg.lines);
    case 'lock.release':
      s.controller.releaseLock(actor, msg.lockId);
      return { locks: s.controller.locks() };
    case 'chat':
      return s.chat.post(actor.user, msg.text);
    case 'ping':
      return null;
  }
}
