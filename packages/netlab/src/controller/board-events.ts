import type { LabEvent } from '../types.js';
import type { BoardEvent } from './board-watch.js';

// The board's `failsafe` and `lock` stream events as lab events: what the fault story needs
// to show "the pump went back to safe" and "the lock is free", timed by the board.

type FailsafeEvent = Extract<LabEvent, { type: 'failsafe' }>;
type LockEvent = Extract<LabEvent, { type: 'lock' }>;

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** `{type:'failsafe', report:{line, user, safeValue, safeAt, result, ...}}` -> a failsafe event. */
export function failsafeEvent(e: BoardEvent): FailsafeEvent | undefined {
  if (e.type !== 'failsafe' || !e.report || typeof e.report !== 'object') return undefined;
  const r = e.report as Record<string, unknown>;
  const line = str(r.line);
  const user = str(r.user);
  const value = r.safeValue;
  const result = r.result;
  if (!line || !user || (value !== 0 && value !== 1) || (result !== 'confirmed' && result !== 'failed'))
    return undefined;
  const at = num(r.safeAt) ?? num(e.at) ?? Date.now();
  return {
    type: 'failsafe',
    at,
    line,
    user,
    value,
    result,
    lastHeardAt: num(r.lastHeardAt) ?? at,
    detectedAt: num(r.detectedAt) ?? at,
    ...(str(r.error) ? { error: str(r.error) } : {}),
  };
}

const changes = new Set<LockEvent['change']>(['taken', 'released', 'takeover', 'session-dead']);

/** `{type:'lock', lockEvent, lock:{user}, by?:{user}}` -> a lock event. */
export function lockEvent(e: BoardEvent): LockEvent | undefined {
  if (e.type !== 'lock' || !changes.has(e.lockEvent as LockEvent['change'])) return undefined;
  const user = str((e.lock as { user?: unknown } | undefined)?.user);
  if (!user) return undefined;
  const by = str((e.by as { user?: unknown } | undefined)?.user);
  return {
    type: 'lock',
    at: num(e.at) ?? Date.now(),
    change: e.lockEvent as LockEvent['change'],
    user,
    ...(by ? { by } : {}),
  };
}
