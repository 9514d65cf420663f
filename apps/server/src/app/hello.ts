import type { EventOf } from '../events/types.js';
import type { LiveEntry } from './live-connections.js';
import type { Services } from './services.js';

/** The first event on every stream: who you are and a full snapshot to render from. */
export function helloEvent(s: Services, entry: LiveEntry): EventOf<'hello'> {
  s.live.refreshRtt();
  return {
    type: 'hello',
    at: Date.now(),
    you: { user: entry.user, role: entry.role, sessionId: entry.sessionId, connectionId: entry.id },
    state: s.controller.state(),
    presence: s.presence.snapshot(),
    chat: s.chat.history(100),
    ...(entry.watch.beatEveryMs !== null ? { beatMs: entry.watch.beatEveryMs } : {}),
  };
}
