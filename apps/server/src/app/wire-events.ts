import type { Services } from './services.js';

/**
 * Core events -> the event stream. Everything is re-broadcast synchronously, in the tick the
 * event was emitted, with a server timestamp; operations gain "from where" (the session's
 * address), which the controller does not know.
 */
export function wireEvents(s: Services): void {
  const { hub, controller, presence, chat, live, log } = s;

  controller.on('state', (line) => hub.broadcast({ type: 'state', at: Date.now(), line }));
  controller.on('operation', (op) => {
    if (op.status !== 'pending') s.metrics.operations.inc({ result: op.status });
    const remote = live.remoteOfSession(op.actor.sessionId) ?? null;
    hub.broadcast({ type: 'operation', at: Date.now(), operation: { ...op, remote } });
  });
  controller.on('lock', (ev) => {
    const { type, ...rest } = ev;
    hub.broadcast({ type: 'lock', at: Date.now(), lockEvent: type, ...rest });
  });
  controller.on('failsafe', (report) => hub.broadcast({ type: 'failsafe', at: Date.now(), report }));

  presence.on('change', (change) => {
    // Every presence change goes to every session, with the full list so clients never drift.
    hub.broadcast({ type: 'presence', at: change.at, change, presence: presence.snapshot() });
  });
  presence.on('sessionDead', (ev) => {
    controller
      .sessionDied(ev.sessionId, { lastHeardAt: ev.lastHeardAt, detectedAt: ev.detectedAt, cause: ev.cause })
      .catch((err: unknown) => log.error({ err, sessionId: ev.sessionId }, 'sessionDied failed'));
  });

  chat.on('message', (message) => hub.broadcast({ type: 'chat', at: message.at, message }));
}
