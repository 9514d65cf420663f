import { describe, expect, it } from 'vitest';
import { auditToActivity, mattersWhileAway } from './audit-text.js';
import { lineDict } from './line-dict.js';
import type { AuditRecord, LineState } from './types.js';
import { lineState } from '../test/wire.js';

const row = (r: Partial<AuditRecord>): AuditRecord => ({
  id: 1,
  user: 'alice',
  sessionId: 's1',
  remote: '10.0.0.1',
  action: 'operate',
  line: 'heater',
  oldValue: 0,
  newValue: 1,
  result: 'confirmed',
  error: null,
  requestedAt: 1,
  completedAt: 2,
  detail: null,
  ...r,
});

const line = (l: Partial<LineState>): LineState =>
  lineState({ name: 'heater', label: 'Heater', failsafe: true, ...l });

const dict = lineDict([
  line({}),
  line({
    name: 'door-strike',
    label: 'Door strike',
    pulseMs: 1500,
    states: { on: 'Unlocked', off: 'Locked' },
  }),
]);

describe('the audit log in words', () => {
  it('tells each outcome of a command by the line’s label and the board’s words, late ones as such', () => {
    expect(auditToActivity(row({}), 'bob', dict).text).toBe('turned Heater ON');
    expect(auditToActivity(row({ detail: { late: true } }), 'bob', dict).text).toBe(
      'turned Heater ON — applied late',
    );
    expect(auditToActivity(row({ result: 'unknown' }), 'bob', dict).text).toContain('outcome unknown');
    expect(auditToActivity(row({ result: 'failed', error: 'READBACK_MISMATCH' }), 'bob', dict).text).toBe(
      'could not turn Heater ON (READBACK_MISMATCH)',
    );
    expect(auditToActivity(row({ action: 'pulse', line: 'door-strike' }), 'bob', dict).text).toBe(
      'pulsed Door strike',
    );
    // A line the panel does not know (renamed in the board file since) keeps its name.
    expect(auditToActivity(row({ line: 'old-line', newValue: 0 }), 'bob', dict).text).toBe(
      'turned old-line OFF',
    );
  });

  it('speaks to the returning user about their own control and failsafe, and groups them as one happening', () => {
    const released = row({
      user: 'system',
      action: 'unlock',
      line: null,
      detail: { type: 'session-dead', holder: 'bob' },
    });
    expect(auditToActivity(released, 'bob', dict).text).toBe('Your control was released (connection lost)');
    expect(auditToActivity(released, 'alice', dict).text).toBe(
      'bob’s control was released (connection lost)',
    );
    const failsafe = row({ user: 'system', action: 'failsafe', newValue: 0, detail: { deadUser: 'bob' } });
    expect(auditToActivity(failsafe, 'bob', dict).text).toBe(
      'Heater went OFF by itself — failsafe, your connection was lost',
    );
    expect(auditToActivity(failsafe, 'bob', dict).group).toBe('drop:bob');
    expect(auditToActivity(released, 'bob', dict).group).toBe('drop:bob');
  });

  it('names control changes without jargon', () => {
    expect(auditToActivity(row({ action: 'lock', line: null }), 'bob', dict).text).toBe('took control');
    expect(
      auditToActivity(row({ action: 'takeover', line: null, detail: { holder: 'bob' } }), 'bob', dict).text,
    ).toBe('took over your control');
    expect(
      auditToActivity(row({ action: 'unlock', line: null, detail: { holder: 'alice' } }), 'bob', dict).text,
    ).toBe('released control');
  });

  it('while away: what others and the system did, and own commands that settled late', () => {
    expect(mattersWhileAway(row({ user: 'alice' }), 'bob')).toBe(true);
    expect(mattersWhileAway(row({ user: 'system', action: 'failsafe' }), 'bob')).toBe(true);
    expect(mattersWhileAway(row({ user: 'bob' }), 'bob')).toBe(false);
    expect(mattersWhileAway(row({ user: 'bob', detail: { late: true } }), 'bob')).toBe(true);
  });
});
