import { describe, expect, it } from 'vitest';
import { toActivity } from '../hooks/useActivity.js';
import { mergeActivity } from './activity-merge.js';
import { lineDict } from './line-dict.js';
import type { ActivityItem, ServerEvent } from './types.js';
import { detection, failsafeReport, lineState, operation, userState } from '../test/wire.js';

const heater = lineState({ name: 'heater', label: 'Heater', value: 1, failsafe: true });
const dict = lineDict([heater]);
const lock = {
  id: 'l1',
  user: 'bob',
  sessionId: 's',
  role: 'operator' as const,
  lines: '*' as const,
  since: 0,
};

/** What the server sends when bob's link dies while he holds control and the heater. */
const drop: ServerEvent[] = [
  {
    type: 'presence',
    at: 1000,
    change: userState('bob', 'suspect', { cause: 'heartbeat-timeout' }),
  },
  detection({ at: 1400, user: 'bob' }),
  {
    type: 'presence',
    at: 1400,
    change: userState('bob', 'offline', { cause: 'heartbeat-timeout' }),
  },
  { type: 'lock', at: 1401, lockEvent: 'session-dead', lock, locks: [] },
  { type: 'failsafe', at: 1420, report: failsafeReport({ line: 'heater', user: 'bob' }) },
];

function feed(events: ServerEvent[], me = 'alice') {
  const items = events
    .map((e) => toActivity(e, dict, me))
    .filter((i): i is ActivityItem => i !== null)
    .sort((a, b) => b.at - a.at);
  return mergeActivity(items);
}

describe('Activity: one merged line per happening, in plain words', () => {
  it('a drop with its lock release and failsafe is one line', () => {
    const lines = feed(drop);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.who).toBe('bob');
    expect(lines[0]?.text).toBe(
      'dropped — stopped answering · control released · Heater went OFF (failsafe)',
    );
  });

  it('never shows the words of the wire', () => {
    const text = feed([
      ...drop,
      {
        type: 'operation',
        at: 5000,
        operation: operation({
          id: 'o1',
          line: 'heater',
          value: 1,
          status: 'confirmed',
          user: 'alice',
          requestedAt: 4990,
          completedAt: 5000,
        }),
      },
      { type: 'lock', at: 6000, lockEvent: 'taken', lock: { ...lock, user: 'alice' }, locks: [] },
      {
        type: 'presence',
        at: 7000,
        change: userState('carol', 'online', { cause: 'connected' }),
      },
    ])
      .map((l) => `${l.who} ${l.text}`)
      .join('\n');
    expect(text).toContain('alice turned Heater ON');
    expect(text).toContain('alice took control');
    expect(text).toContain('carol came online');
    expect(text).not.toMatch(/session-dead|heartbeat-timeout|failsafe →|to 1\b|lost \(|is offline/);
  });

  it('a command that went unknown and then landed late is one line, the outcome leading', () => {
    const op = (status: 'unknown' | 'confirmed', at: number): ServerEvent => ({
      type: 'operation',
      at,
      operation: operation({
        id: 'c7',
        line: 'heater',
        value: 1,
        status,
        user: 'alice',
        ...(status === 'confirmed' ? { completedAt: at, late: true } : { timedOutAt: at }),
      }),
    });
    expect(feed([op('unknown', 2000)]).map((l) => l.text)).toEqual([
      'asked for Heater ON — no answer from the hardware in time, outcome unknown',
    ]);
    const lines = feed([op('unknown', 2000), op('confirmed', 40_000)]);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.text).toMatch(/^turned Heater ON — applied late at \d\d:\d\d:\d\d$/);
  });

  it('keeps apart the same group far apart in time; a wobble that ended well is left out', () => {
    const far: ServerEvent[] = [
      {
        type: 'presence',
        at: 1000,
        change: userState('bob', 'offline', { cause: 'fin' }),
      },
      { type: 'presence', at: 60_000, change: userState('bob', 'suspect') },
      {
        type: 'presence',
        at: 61_000,
        change: userState('bob', 'online', { previous: 'suspect' }),
      },
    ];
    expect(feed(far).map((l) => l.text)).toEqual(['left']);
    // While it lasts, the wobble is shown.
    expect(feed(far.slice(0, 2)).map((l) => l.text)).toEqual(['connection unsure', 'left']);
  });
});
