import { randomUUID } from 'node:crypto';
import { PulseboardError } from '../errors.js';
import type { Actor } from './actor.js';
import type { LockChange, LockInfo } from './events.js';

export type { LockChange, LockInfo };

// The control lock. Several locks may coexist when they cover disjoint lines; '*' covers the
// whole board. A lock belongs to a user (any of their sessions may operate under it) but dies
// with the session that took it, because that session is the person at the controls.

export class LockTable {
  private table = new Map<string, LockInfo>();

  constructor(private readonly now: () => number = Date.now) {}

  list(): LockInfo[] {
    return [...this.table.values()].map((l) => ({ ...l, lines: l.lines === '*' ? '*' : [...l.lines] }));
  }

  /** The lock of another user that blocks `actor` from operating `line`, if any. */
  blocking(actor: Actor, line: string): LockInfo | undefined {
    for (const lock of this.table.values()) {
      if (lock.user !== actor.user && covers(lock, line)) return lock;
    }
    return undefined;
  }

  /**
   * Takes the board (`lines` undefined) or a group of lines. Returns every change it made,
   * in order: the actor's own replaced locks are released, admins take over others' locks.
   */
  take(actor: Actor, lines?: string[]): { lock: LockInfo; changes: LockChange[] } {
    if (actor.role === 'viewer') throw new PulseboardError('FORBIDDEN_ROLE', 'Viewers cannot take control');
    const wanted: LockInfo['lines'] = lines === undefined ? '*' : [...new Set(lines)].sort();
    if (wanted !== '*' && wanted.length === 0) throw new TypeError('LockTable.take: lines must not be empty');
    const overlapping = [...this.table.values()].filter((l) => overlaps(l.lines, wanted));
    const foreign = overlapping.filter((l) => l.user !== actor.user);
    if (foreign.length > 0 && actor.role !== 'admin') {
      const holder = foreign[0]!;
      throw new PulseboardError('LOCK_HELD', `${holder.user} holds the control lock`, { holder });
    }
    const by = { user: actor.user, sessionId: actor.sessionId };
    const changes: LockChange[] = [];
    for (const old of overlapping) {
      this.table.delete(old.id);
      changes.push({ type: old.user === actor.user ? 'released' : 'takeover', lock: old, by });
    }
    const lock: LockInfo = {
      id: randomUUID(),
      user: actor.user,
      sessionId: actor.sessionId,
      role: actor.role,
      lines: wanted,
      since: this.now(),
    };
    this.table.set(lock.id, lock);
    changes.push({ type: 'taken', lock });
    return { lock, changes };
  }

  /** Releases the actor's locks (or the one with `lockId`); admins may release anyone's by id. */
  release(actor: Actor, lockId?: string): LockChange[] {
    const by = { user: actor.user, sessionId: actor.sessionId };
    if (lockId !== undefined) {
      const lock = this.table.get(lockId);
      if (!lock) throw new PulseboardError('NOT_FOUND', 'No such lock', { lockId });
      if (lock.user !== actor.user && actor.role !== 'admin') {
        throw new PulseboardError('LOCK_HELD', `${lock.user} holds this lock`, { holder: lock });
      }
      this.table.delete(lockId);
      return [{ type: 'released', lock, by }];
    }
    return this.removeWhere((l) => l.user === actor.user).map((lock) => ({ type: 'released', lock, by }));
  }

  /** A dead session loses the locks it took; a merely suspect one keeps them. */
  sessionDied(sessionId: string): LockChange[] {
    return this.removeWhere((l) => l.sessionId === sessionId).map((lock) => ({ type: 'session-dead', lock }));
  }

  /** `from` ended in order and `to` (same user) carries on: its locks go with it. */
  handOver(from: string, to: string): LockInfo[] {
    const moved = [...this.table.values()].filter((l) => l.sessionId === from);
    for (const l of moved) l.sessionId = to;
    return moved;
  }

  private removeWhere(pred: (l: LockInfo) => boolean): LockInfo[] {
    const removed = [...this.table.values()].filter(pred);
    for (const l of removed) this.table.delete(l.id);
    return removed;
  }
}

function covers(lock: LockInfo, line: string): boolean {
  return lock.lines === '*' || lock.lines.includes(line);
}

function overlaps(a: LockInfo['lines'], b: LockInfo['lines']): boolean {
  if (a === '*' || b === '*') return true;
  return a.some((line) => b.includes(line));
}
