// A small lab story used by several tests: three ws clients, c2's cable is pulled at t=10 s,
// the server marks it suspect then offline, and c1 and c3 are told.
import type { Fault, LabClient, LabEvent } from '../data/types.js';

export const T0 = 1_700_000_000_000;

export const client = (
  id: string,
  state: LabClient['state'],
  at: number,
  extra: Partial<LabClient> = {},
): LabEvent => ({
  type: 'client',
  at,
  client: {
    id,
    kind: 'ws',
    user: `user-${id}`,
    address: `10.77.0.${id.slice(1)}`,
    ns: `pbl-${id}`,
    state,
    since: at,
    ...extra,
  },
});

export const cablePull: Fault = {
  id: 'f1',
  kind: 'cable-pull',
  targets: ['c2'],
  params: {},
  fidelity: 'kernel',
  startedAt: T0 + 10_000,
};

export const story: LabEvent[] = [
  client('c1', 'starting', T0),
  client('c1', 'connected', T0 + 500, { rttMs: 0.4 }),
  client('c2', 'connected', T0 + 600),
  client('c3', 'connected', T0 + 700),
  { type: 'fault', at: T0 + 10_000, fault: cablePull },
  {
    type: 'detected',
    faultId: cablePull.id,
    at: T0 + 10_900,
    clientId: 'c2',
    user: 'user-c2',
    state: 'suspect',
    cause: 'ws-pong-missed',
    lastHeardAt: T0 + 9_950,
    detectedAt: T0 + 10_900,
    latencyMs: 900,
  },
  client('c2', 'suspect', T0 + 10_900),
  {
    type: 'detected',
    faultId: cablePull.id,
    at: T0 + 11_310,
    clientId: 'c2',
    user: 'user-c2',
    state: 'offline',
    cause: 'ws-pong-timeout',
    lastHeardAt: T0 + 9_950,
    detectedAt: T0 + 11_310,
    latencyMs: 1_310,
  },
  client('c2', 'offline', T0 + 11_310),
  {
    type: 'notified',
    at: T0 + 11_400,
    observerId: 'c1',
    aboutClientId: 'c2',
    user: 'user-c2',
    state: 'offline',
    latencyMs: 1_400,
  },
  {
    type: 'notified',
    at: T0 + 11_450,
    observerId: 'c3',
    aboutClientId: 'c2',
    user: 'user-c2',
    state: 'offline',
    latencyMs: 1_450,
  },
  { type: 'fault', at: T0 + 15_000, fault: { ...cablePull, endedAt: T0 + 15_000 } },
];
