import { describe, expect, it } from 'vitest';
import { toActivity } from '../hooks/useActivity.js';
import { lineDict } from './line-dict.js';
import type { LineState, PresenceState, ServerEvent } from './types.js';
import { by, detection, failsafeReport, lineState, operation, userState } from '../test/wire.js';

// Every kind of event the feed shows, in the words a person reads (issue 15: no "set pump to 1",
// "session-dead", "heartbeat-timeout", "failsafe → 0").

const line = (name: string, label: string, extra: Partial<LineState> = {}): LineState =>
  lineState({ name, label, ...extra });
const dict = lineDict([
  line('pump', 'Coolant pump'),
  line('door-strike', 'Door strike', { pulseMs: 1500, states: { on: 'Unlocked', off: 'Locked' } }),
]);
const lock = {
  id: 'l',
  user: 'bob',
  sessionId: 's',
  role: 'operator' as const,
  lines: '*' as const,
  since: 0,
};
const op = (
  status: 'pending' | 'confirmed' | 'failed' | 'unknown',
  line = 'pump',
  value: 0 | 1 = 1,
): ServerEvent => ({
  type: 'operation',
  at: 1,
  operation: operation({
    id: 'o',
    line,
    value,
    status,
    user: 'alice',
    ...(status === 'failed' ? { error: { code: 'LINE_FAULT', message: 'the relay did not answer' } } : {}),
  }),
});
const presence = (state: PresenceState, cause?: string, previous?: PresenceState): ServerEvent => ({
  type: 'presence',
  at: 1,
  change: userState('bob', state, { ...(cause ? { cause } : {}), ...(previous ? { previous } : {}) }),
});

const cases: [string, ServerEvent, string | null][] = [
  ['switch on', op('confirmed'), 'alice turned Coolant pump ON'],
  ['switch off', op('confirmed', 'pump', 0), 'alice turned Coolant pump OFF'],
  ['pulse', op('confirmed', 'door-strike'), 'alice pulsed Door strike'],
  ['failed', op('failed'), 'alice could not turn Coolant pump ON (the relay did not answer)'],
  [
    'unknown',
    op('unknown'),
    'alice asked for Coolant pump ON — no answer from the hardware in time, outcome unknown',
  ],
  ['take control', { type: 'lock', at: 1, lockEvent: 'taken', lock, locks: [] }, 'bob took control'],
  [
    'release',
    { type: 'lock', at: 1, lockEvent: 'released', lock, by: by('bob'), locks: [] },
    'bob released control',
  ],
  [
    'admin release',
    { type: 'lock', at: 1, lockEvent: 'released', lock, by: by('admin'), locks: [] },
    'admin released bob’s control',
  ],
  [
    'take over',
    { type: 'lock', at: 1, lockEvent: 'takeover', lock, by: by('admin'), locks: [] },
    'admin took over bob’s control',
  ],
  [
    'lost control',
    { type: 'lock', at: 1, lockEvent: 'session-dead', lock, locks: [] },
    'bob’s control was released (connection lost)',
  ],
  ['online', presence('online', 'connected'), 'bob came online'],
  ['unsure', presence('suspect', 'heartbeat-late'), 'bob connection unsure'],
  ['closed the tab', presence('offline', 'fin'), 'bob left'],
  ['stopped answering', presence('offline', 'heartbeat-timeout'), 'bob dropped — stopped answering'],
  ['reset', presence('offline', 'rst'), 'bob dropped — connection reset'],
  [
    'disconnected by an admin',
    {
      type: 'presence',
      at: 1,
      change: { type: 'userDisconnected', at: 1, user: 'bob', by: 'admin', connectionIds: ['c1'] },
    },
    'admin disconnected bob',
  ],
  [
    'failsafe',
    { type: 'failsafe', at: 1, report: failsafeReport({ line: 'pump', user: 'bob' }) },
    'Coolant pump went OFF by itself — failsafe, bob’s connection was lost',
  ],
  ['detection (said by presence)', detection({ user: 'bob', cause: 'rst' }), null],
  ['pending (said by the tile)', op('pending'), null],
];

describe('Activity wording, per event kind', () => {
  for (const [kind, event, words] of cases) {
    it(kind, () => {
      const item = toActivity(event, dict, 'carol');
      expect(item ? `${item.who ? `${item.who} ` : ''}${item.text}` : null).toBe(words);
      if (item) expect(item.text).not.toMatch(/session-dead|heartbeat|timeout|→|\bto [01]\b|\brst\b|\bfin\b/);
    });
  }
});
