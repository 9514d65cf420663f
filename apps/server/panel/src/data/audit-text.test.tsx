import { describe, expect, it } from 'vitest';
import { auditToActivity, mattersWhileAway } from './audit-text.js';
import type { AuditRecord } from './types.js';

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

describe('the audit log in words', () => {
  it('tells each outcome of a command, late ones as such', () => {
    expect(auditToActivity(row({})).text).toBe('set heater to 1');
    expect(auditToActivity(row({ detail: { late: true } })).text).toBe('set heater to 1 — applied late');
    expect(auditToActivity(row({ result: 'unknown' })).text).toContain('outcome unknown');
    expect(auditToActivity(row({ result: 'failed', error: 'READBACK_MISMATCH' })).text).toBe(
      'failed to set heater to 1 (READBACK_MISMATCH)',
    );
  });

  it('speaks to the returning user about their own lock and failsafe', () => {
    const released = row({
      user: 'system',
      action: 'unlock',
      line: null,
      detail: { type: 'session-dead', holder: 'bob' },
    });
    expect(auditToActivity(released, 'bob').text).toBe('your control lock was released (session lost)');
    expect(auditToActivity(released, 'alice').text).toBe('bob’s control lock was released (session lost)');
    const failsafe = row({ user: 'system', action: 'failsafe', newValue: 0, detail: { deadUser: 'bob' } });
    expect(auditToActivity(failsafe, 'bob').text).toBe(
      'failsafe: heater to its safe value 0 (your session was lost)',
    );
  });

  it('while away: what others and the system did, and own commands that settled late', () => {
    expect(mattersWhileAway(row({ user: 'alice' }), 'bob')).toBe(true);
    expect(mattersWhileAway(row({ user: 'system', action: 'failsafe' }), 'bob')).toBe(true);
    expect(mattersWhileAway(row({ user: 'bob' }), 'bob')).toBe(false);
    expect(mattersWhileAway(row({ user: 'bob', detail: { late: true } }), 'bob')).toBe(true);
  });
});
