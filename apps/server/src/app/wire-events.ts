import type { ControllerEvents } from '@pulseboard/core/control/controller';
import type { PresenceEvent } from '@pulseboard/core/presence/index';
import type { ChatMessage } from '@pulseboard/core/control/chat-store';
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

  const snapshot = () => {
    live.refreshRtt();
    return presence.snapshot();
  };
  // Every presence change goes to every session, with the full list so clients never drift.
  const onPresence = (change: PresenceEvent) =>
    hub.broadcast({ type: 'presence', at: change.at, change, presence: snapshot() });
  const onSessionDead = (ev: PresenceEvent) => {
    if (ev.type !== 'sessionDead') return;
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
  const onChat = (message: ChatMessage) => hub.broadcast({ type: 'chat', at: message.at, message });

  controller.on('state', onState);
  controller.on('operation', onOperation);
  controller.on('lock', onLock);
  controller.on('failsafe', onFailsafe);
  presence.on('change', onPresence);
  presence.on('sessionDead', onSessionDead);
  presence.on('sessionEnded', onSessionEnded);
  presence.on('userState', onUserState);
  chat.on('message', onChat);

  // RTTs change without presence events; refresh everyone's view of them now and then.
  const rttTimer = setInterval(() => {
    if (hub.size > 0) {
      hub.broadcast({ type: 'presence', at: Date.now(), change: { type: 'rtt' }, presence: snapshot() });
    }
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
    presence.off('userState', onUserState);
    chat.off('message', onChat);
  };
}
