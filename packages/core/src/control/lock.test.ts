import { describe, expect, it } from 'vitest';
import type { Actor } from './actor.js';
import { LockTable } from './lock.js';

const alice: Actor = { user: 'alice', role: 'operator', sessionId: 'a1', remote: '10.0.0.1' };
const alice2: Actor = { ...alice, sessionId: 'a2' };
const bob: Actor = { user: 'bob', role: 'operator', sessionId: 'b1', remote: '10.0.0.2' };
const root: Actor = { user: 'root', role: 'admin', sessionId: 'r1', remote: '10.0.0.3' };
const eve: Actor = { user: 'eve', role: 'viewer', sessionId: 'e1', remote: '10.0.0.4' };

describe('LockTable', () => {
  it('blocks nobody when no lock is held', () => {
    const t = new LockTable();
    expect(t.blocking(bob, 'pump')).toBeUndefined();
  });

  it('a board lock blocks other users but not the holder in any of their sessions', () => {
    const t = new LockTable();
    const { lock } = t.take(alice);
    expect(lock.lines).toBe('*');
    expect(t.blocking(bob, 'pump')?.user).toBe('alice');
    expect(t.blocking(alice, 'pump')).toBeUndefined();
    expect(t.blocking(alice2, 'pump')).toBeUndefined();
  });

  it('a group lock covers only its lines; disjoint groups coexist', () => {
    const t = new LockTable();
    t.take(alice, ['pump', 'heater']);
    t.take(bob, ['lights']);
    expect(t.blocking(bob, 'pump')?.user).toBe('alice');
    expect(t.blocking(alice, 'lights')?.user).toBe('bob');
    expect(t.blocking(bob, 'door-strike')).toBeUndefined();
    expect(t.list()).toHaveLength(2);
  });

  it('refuses an overlapping lock with LOCK_HELD naming the holder', () => {
    const t = new LockTable();
    t.take(alice, ['pump']);
    expect(() => t.take(bob)).toThrow(expect.objectContaining({ code: 'LOCK_HELD' }));
    expect(() => t.take(bob, ['heater', 'pump'])).toThrow(/alice holds the control lock/);
  });

  it('viewers never take control', () => {
    expect(() => new LockTable().take(eve)).toThrow(expect.objectContaining({ code: 'FORBIDDEN_ROLE' }));
  });

  it('an admin takes over, and the change says whose lock went', () => {
    const t = new LockTable();
    const { lock: old } = t.take(alice, ['pump']);
    const { changes } = t.take(root, ['pump', 'heater']);
    expect(changes.map((c) => c.type)).toEqual(['takeover', 'taken']);
    expect(changes[0]).toMatchObject({ lock: { id: old.id, user: 'alice' }, by: { user: 'root' } });
    expect(t.blocking(alice, 'pump')?.user).toBe('root');
  });

  it('re-taking replaces the same user own lock', () => {
    const t = new LockTable();
    t.take(alice, ['pump']);
    const { changes } = t.take(alice2);
    expect(changes.map((c) => c.type)).toEqual(['released', 'taken']);
    expect(t.list()).toHaveLength(1);
  });

  it('dies with the session that took it, not with another session of the user', () => {
    const t = new LockTable();
    t.take(alice);
    expect(t.sessionDied('a2')).toEqual([]);
    expect(t.list()).toHaveLength(1);
    expect(t.sessionDied('a1').map((c) => c.type)).toEqual(['session-dead']);
    expect(t.list()).toHaveLength(0);
  });

  it('release: holder releases own; others cannot by id; admin can', () => {
    const t = new LockTable();
    const { lock } = t.take(alice);
    expect(() => t.release(bob, lock.id)).toThrow(expect.objectContaining({ code: 'LOCK_HELD' }));
    expect(t.release(bob)).toEqual([]);
    expect(t.release(root, lock.id)).toHaveLength(1);
    t.take(alice);
    expect(t.release(alice)).toHaveLength(1);
    expect(t.list()).toEqual([]);
  });
});
