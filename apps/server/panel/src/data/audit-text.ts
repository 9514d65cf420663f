import { commandWindowMs } from './activity-merge.js';
import type { ActivityItem, AuditRecord } from './types.js';
import { didOperate, lineLabel, lineValue, type LineDict } from './line-dict.js';

// The audit log in words, for the Activity feed (filled from the log on load) and for "While
// you were away" (what the log holds since this panel was last in touch).

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** One audit row as a feed item, in the board's own words. */
export function auditToActivity(
  r: AuditRecord,
  me: string | undefined,
  dict: LineDict = new Map(),
): ActivityItem {
  const d = r.detail ?? {};
  const base = { id: `audit-${r.id}`, at: r.completedAt, who: r.user, from: r.remote };
  const label = lineLabel(dict, r.line);
  const to = lineValue(dict, r.line, r.newValue);
  const late = d.late === true ? ' — applied late' : '';
  switch (r.action) {
    case 'operate':
    case 'pulse': {
      const text =
        r.result === 'confirmed'
          ? `${didOperate(dict, r.line ?? '', r.newValue)}${late}`
          : r.result === 'unknown'
            ? `asked for ${label} ${to} — no answer from the hardware in time, outcome unknown`
            : r.result === 'denied'
              ? `was refused ${label} ${to} (${r.error ?? 'denied'})`
              : `could not turn ${label} ${to} (${r.error ?? 'failed'})`;
      const id = d.commandId;
      return {
        ...base,
        kind: 'operation',
        text,
        ...(typeof id === 'string' || typeof id === 'number'
          ? { group: `op:${id}`, part: '', weight: r.result === 'unknown' ? 1 : 2, window: commandWindowMs }
          : {}),
      };
    }
    case 'failsafe': {
      const dead = str(d.deadUser);
      const whose = dead === me ? 'your' : dead ? `${dead}’s` : 'its operator’s';
      const failed = r.result === 'confirmed' ? '' : ` — ${r.result}`;
      return {
        ...base,
        kind: 'failsafe',
        who: '',
        text: `${label} went ${to} by itself — failsafe, ${whose} connection was lost${failed}`,
        group: `drop:${dead ?? r.user}`,
        part: `${label} went ${to} (failsafe)${failed}`,
      };
    }
    case 'all-safe':
      return { ...base, kind: 'failsafe', text: `put ${label} to its safe value ${to} (${r.result})` };
    case 'lock':
    case 'unlock':
    case 'takeover': {
      const holder = str(d.holder);
      const whose = holder === me ? 'your' : holder ? `${holder}’s` : 'the';
      if (r.action === 'unlock' && d.type === 'session-dead') {
        return {
          ...base,
          kind: 'lock',
          who: '',
          text: `${whose === 'your' ? 'Your' : whose === 'the' ? 'The' : whose} control was released (connection lost)`,
          group: `drop:${holder ?? r.user}`,
          part: 'control released',
        };
      }
      const text =
        r.action === 'lock'
          ? 'took control'
          : r.action === 'takeover'
            ? `took over ${whose} control`
            : holder && holder !== r.user
              ? `released ${whose} control`
              : 'released control';
      return { ...base, kind: 'lock', text };
    }
    default:
      return { ...base, kind: 'operation', text: `${r.action} ${label} (${r.result})` };
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
