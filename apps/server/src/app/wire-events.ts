import type { ControllerEvents } from '@pulseboard/core/control/controller';
import type { PresenceEvent, PresenceSnapshot } from '@pulseboard/core/presence/index';
import type { ChatMessage } from '@pulseboard/core/control/chat-message';
import type { Services } from './services.js';

/**
 * Core events -> the event stream. Everything is re-broadcast synchronously, in the tick the
 * event was emitted, with a server timestamp; operations gain "from where" (the session's
 * address), which the controller does not know. Returns the undo, called first on shutdown so
 * closing every socket does not look like every session dying.
 */
export function wireEvents(s: Services): () => void {
  const { hub, controller, presence, chat, live, log } = s;

  const onState = (line: ControllerEvents['state'][0]) =>
    hub.broadcast({ type: 'state', at: Date.now(), line });
  const onOperation = (op: ControllerEvents['operation'][0]) => {
    if (op.status !== 'pending') s.metrics.operations.inc({ result: op.status });
    const remote = live.remoteOfSession(op.actor.sessionId) ?? null;
    hub.broadcast({ type: 'operation', at: Date.now(), operation: { ...op, remote } });
  };
  const onLock = ({ type, ...rest }: ControllerEvents['lock'][0]) =>
    hub.broadcast({ type: 'lock', at: Date.now(), lockEvent: type, ...rest });
  const onFailsafe = (report: ControllerEvents['failsafe'][0]) =>
    hub.broadcast({ type: 'failsafe', at: Date.now(), report });

  // Every presence change goes to every session as a delta: the change and the changed user's
  // entry as it is now (the full list only in `hello`), so the cost of a change does not grow
  // with the number of connections (issue 12: 1000 sockets x full list = 20 GB in 40 s).
  const onPresence = (change: PresenceEvent) =>
    hub.broadcast({
      type: 'presence',
      at: change.at,
      change,
      user: presence.userSnapshot(change.user) ?? null,
    });
  const onSessionDead = (ev: PresenceEvent) => {
    if (ev.type !== 'sessionDead') return;
    const successor = live.successorOf(ev.sessionId, ev.user, ev.cause);
    if (successor !== undefined) return controller.sessionHandedOver(ev.sessionId, successor);
    controller
      .sessionDied(ev.sessionId, { lastHeardAt: ev.lastHeardAt, detectedAt: ev.detectedAt, cause: ev.cause })
      .catch((err: unknown) => log.error({ err, sessionId: ev.sessionId }, 'sessionDied failed'));
  };
  // One record per user transition that explains it (cause, the connection, what is left).
  const onUserState = (ev: PresenceEvent) => {
    if (ev.type !== 'userState') return;
    const { type: _type, ...record } = ev;
    log.info({ event: 'presence', ...record }, `user ${ev.state}`);
  };
  const onSessionEnded = (ev: PresenceEvent) => {
    if (ev.type === 'sessionEnded') live.forgetSession(ev.sessionId);
  };
  // Back within its grace: its late commands are its own again, not a dead session's.
  const onSessionResumed = (ev: PresenceEvent) => {
    if (ev.type === 'sessionResumed') controller.sessionResumed(ev.sessionId);
  };
  const onChat = (message: ChatMessage) => hub.broadcast({ type: 'chat', at: message.at, message });

  controller.on('state', onState);
  controller.on('operation', onOperation);
  controller.on('lock', onLock);
  controller.on('failsafe', onFailsafe);
  presence.on('change', onPresence);
  presence.on('sessionDead', onSessionDead);
  presence.on('sessionEnded', onSessionEnded);
  presence.on('sessionResumed', onSessionResumed);
  presence.on('userState', onUserState);
  chat.on('message', onChat);

  // RTTs change without presence events; now and then everyone hears the ones that moved.
  const sentRtt = new Map<string, number>();
  const rttTimer = setInterval(() => {
    if (hub.size === 0) return;
    live.refreshRtt();
    const rtt = rttChanges(presence.snapshot(), sentRtt);
    if (Object.keys(rtt).length > 0)
      hub.broadcast({ type: 'presence', at: Date.now(), change: { type: 'rtt' }, rtt });
  }, 5000);
  rttTimer.unref();

  return () => {
    clearInterval(rttTimer);
    controller.off('state', onState);
    controller.off('operation', onOperation);
    controller.off('lock', onLock);
    controller.off('failsafe', onFailsafe);
    presence.off('change', onPresence);
    presence.off('sessionDead', onSessionDead);
    presence.off('sessionEnded', onSessionEnded);
    presence.off('sessionResumed', onSessionResumed);
    presence.off('userState', onUserState);
    chat.off('message', onChat);
  };
}

/**
 * Connection id -> RTT for the connections whose RTT moved by at least 2 ms and 30 % since it
 * was last sent; `sent` is updated and forgets connections that are gone. Smaller moves are the
 * jitter of the measure itself (an application ping's answer waits for the client's own event
 * loop), which nobody reads off a panel, and every report goes to every connection.
 */
export function rttChanges(snap: PresenceSnapshot, sent: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const seen = new Set<string>();
  for (const user of snap.users) {
    for (const c of user.connections) {
      seen.add(c.id);
      if (c.rttMs === null) continue;
      const before = sent.get(c.id);
      if (before !== undefined && Math.abs(c.rttMs - before) < Math.max(2, before * 0.3)) continue;
      sent.set(c.id, c.rttMs);
      out[c.id] = c.rttMs;
    }
  }
  for (const id of sent.keys()) if (!seen.has(id)) sent.delete(id);
  return out;
}
