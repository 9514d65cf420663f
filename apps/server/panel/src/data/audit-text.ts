import type { ActivityItem, AuditRecord } from './types.js';

// The audit log in words, for the Activity feed (filled from the log on load) and for "While
// you were away" (what the log holds since this panel was last in touch).

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** One audit row as a feed item; null for rows that say nothing to a person (none so far). */
export function auditToActivity(r: AuditRecord, me?: string): ActivityItem {
  const d = r.detail ?? {};
  const base = { id: `audit-${r.id}`, at: r.completedAt, who: r.user, from: r.remote };
  const line = r.line ?? 'the board';
  const late = d.late === true ? ' — applied late' : '';
  switch (r.action) {
    case 'operate':
    case 'pulse': {
      const text =
        r.result === 'confirmed'
          ? `set ${line} to ${r.newValue}${late}`
          : r.result === 'unknown'
            ? `${line} to ${r.newValue}: no answer from the hardware in time — outcome unknown`
            : r.result === 'denied'
              ? `was refused ${line} to ${r.newValue} (${r.error ?? 'denied'})`
              : `failed to set ${line} to ${r.newValue} (${r.error ?? 'failed'})`;
      return { ...base, kind: 'operation', text };
    }
    case 'failsafe': {
      const whose = str(d.deadUser) === me ? 'your' : `${str(d.deadUser) ?? 'a'}’s`;
      return {
        ...base,
        kind: 'failsafe',
        text: `failsafe: ${line} to its safe value ${r.newValue} (${whose} session was lost)${r.result === 'confirmed' ? '' : ` — ${r.result}`}`,
      };
    }
    case 'all-safe':
      return {
        ...base,
        kind: 'failsafe',
        text: `all outputs to safe: ${line} to ${r.newValue} (${r.result})`,
      };
    case 'lock':
    case 'unlock':
    case 'takeover': {
      const holder = str(d.holder);
      const whose = holder === me ? 'your' : holder ? `${holder}’s` : 'the';
      const text =
        r.action === 'lock'
          ? 'took the control lock'
          : r.action === 'takeover'
            ? `took over ${whose} control lock`
            : d.type === 'session-dead'
              ? `${whose} control lock was released (session lost)`
              : `released ${whose} control lock`;
      return { ...base, kind: 'lock', text };
    }
    default:
      return { ...base, kind: 'operation', text: `${r.action} ${line} (${r.result})` };
  }
}

/**
 * What a returning user needs to hear: what others did, what the system did (locks released,
 * failsafe), and their own commands that settled while they were gone.
 */
export function mattersWhileAway(r: AuditRecord, me: string): boolean {
  if (r.user !== me) return true;
  return r.detail?.late === true || r.result === 'unknown';
}
