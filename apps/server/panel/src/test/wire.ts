import type { FailsafeReport } from '@pulseboard/core/control/events';
import type { PresenceEventMap, UserPresenceState } from '@pulseboard/core/presence/events';
import type { EventOf } from '@pulseboard/server/events/types';
import type { LineState, OperationEvent } from '../data/types.js';

// Whole server events for the panel's tests, built from the server's own types: a fixture
// that leaves out a field the server always sends does not compile, so tests read what the
// wire carries. Pass only what a test is about.

export function lineState(p: Partial<LineState> & Pick<LineState, 'name' | 'label'>): LineState {
  return {
    states: null,
    direction: 'out',
    value: 0,
    pending: null,
    failsafe: false,
    safeValue: 0,
    pulseMs: null,
    lastChangedBy: null,
    fault: null,
    unknown: null,
    mismatch: null,
    ...p,
  };
}

type UserState = PresenceEventMap['userState'];

/** A user's presence transition (the `change` of a `presence` event). */
export function userState(
  user: string,
  state: UserPresenceState,
  p: Partial<Omit<UserState, 'type' | 'user' | 'state'>> = {},
): UserState {
  return {
    type: 'userState',
    at: 1,
    user,
    state,
    previous: state === 'online' ? 'offline' : 'online',
    lastSeen: 0,
    cause: state === 'online' ? 'connected' : 'heartbeat-timeout',
    connectionId: 'c1',
    transport: 'ws',
    connections: [],
    ...p,
  };
}

export function failsafeReport(
  p: Pick<FailsafeReport, 'line' | 'user'> & Partial<FailsafeReport>,
): FailsafeReport {
  return {
    sessionId: 's1',
    safeValue: 0,
    lastHeardAt: 0,
    detectedAt: 0,
    safeAt: 0,
    faultToSafeMs: 0,
    detectToSafeMs: 0,
    result: 'confirmed',
    ...p,
  };
}

export function detection(
  p: Partial<EventOf<'detection'>> & Pick<EventOf<'detection'>, 'user'>,
): EventOf<'detection'> {
  return {
    type: 'detection',
    at: 1,
    state: 'dead',
    cause: 'heartbeat-timeout',
    detail: null,
    connectionId: 'c1',
    sessionId: 's1',
    remote: '10.0.0.2',
    transport: 'ws',
    lastHeardAt: 0,
    suspectAt: null,
    detectedAt: 1,
    ...p,
  };
}

type WireOperation = EventOf<'operation'>['operation'];

/** An operation as pushed; `actor` is only the user's name here, the rest filled in. */
export function operation(
  p: Omit<Partial<OperationEvent>, 'actor'> &
    Pick<OperationEvent, 'id' | 'line' | 'value' | 'status'> & { user: string },
): WireOperation {
  const { user, ...rest } = p;
  return { actor: { user, sessionId: `s-${user}`, role: 'operator' }, requestedAt: 0, remote: null, ...rest };
}

/** `by` of a lock event: who released or took over. */
export const by = (user: string) => ({ user, sessionId: `s-${user}` });
