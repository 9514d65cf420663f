import { useRef, useState } from 'react';
import { api } from '../data/api.js';
import { auditToActivity, mattersWhileAway } from '../data/audit-text.js';
import type { LiveConnection } from '../data/live-connection.js';
import type { ActivityItem, AuditRecord, ServerEvent } from '../data/types.js';
import { clock } from '../components/time.js';
import { useServerEvents } from './useServerEvents.js';

const keep = 100;
/** Audit rows shown in Activity on load. */
const backfill = 50;
/** Rows are selected by request time; a command asked before the cut may settle after it. */
const settleMarginMs = 30_000;

/** Turns pushed events into one readable feed: who did what, when, from where. */
export function toActivity(e: ServerEvent): ActivityItem | null {
  switch (e.type) {
    case 'operation': {
      const op = e.operation;
      if (op.status === 'pending') return null;
      const to = `${op.line} to ${op.value}`;
      const text =
        op.status === 'unknown'
          ? `${to}: no answer from the hardware in time — outcome unknown`
          : op.status === 'confirmed'
            ? `set ${to}${op.late ? ` — applied late at ${clock(op.completedAt ?? e.at)}` : ''}`
            : `failed to set ${to}${op.error ? ` (${op.error.message})` : ''}`;
      return {
        id: `op-${op.id}-${op.status}`,
        at: op.completedAt ?? op.timedOutAt ?? e.at,
        kind: 'operation',
        who: op.actor.user,
        text,
        ...(op.remote ? { from: op.remote } : {}),
      };
    }
    case 'lock':
      return {
        id: `lock-${e.lock.id}-${e.lockEvent}-${e.at}`,
        at: e.at,
        kind: 'lock',
        who: e.by?.user ?? e.lock.user,
        text: `control lock ${e.lockEvent}`,
      };
    case 'presence': {
      const c = e.change;
      if (c.type === 'userDisconnected' && c.user) {
        return {
          id: `pd-${c.user}-${e.at}`,
          at: e.at,
          kind: 'presence',
          who: c.by ?? 'admin',
          text: `disconnected ${c.user}`,
        };
      }
      if (c.type !== 'userState' || !c.user || !c.state) return null;
      return {
        id: `p-${c.user}-${e.at}-${c.state}`,
        at: e.at,
        kind: 'presence',
        who: c.user,
        text: `is ${c.state}${c.cause && c.state !== 'online' ? ` (${c.cause})` : ''}`,
      };
    }
    case 'detection':
      if (e.state !== 'dead' || e.cause === 'fin') return null;
      return {
        id: `d-${e.user}-${e.at}`,
        at: e.at,
        kind: 'detection',
        who: e.user,
        text: `lost (${e.cause})`,
        from: e.remote,
      };
    case 'failsafe':
      return {
        id: `fs-${e.report.line}-${e.at}`,
        at: e.at,
        kind: 'failsafe',
        who: e.report.user,
        text: `failsafe: ${e.report.line} to safe value (${e.report.result})`,
      };
    default:
      return null;
  }
}

export interface AwayNotice {
  /** Server time of the last thing this panel heard before it was cut off, and of the hello after. */
  from: number;
  to: number;
  items: ActivityItem[];
}

function merge(list: ActivityItem[], more: ActivityItem[]): ActivityItem[] {
  const ids = new Set(list.map((i) => i.id));
  return [...list, ...more.filter((i) => !ids.has(i.id))].sort((a, b) => b.at - a.at).slice(0, keep);
}

/**
 * The Activity feed: the last entries of the audit log on load, then live events. After a
 * reconnect (a new hello), the log since this panel last heard the server fills the gap and
 * becomes the "While you were away" notice.
 */
export function useActivity(conn: LiveConnection): {
  items: ActivityItem[];
  away: AwayNotice | null;
  dismissAway: () => void;
} {
  const [items, setItems] = useState<ActivityItem[]>([]);
  const [away, setAway] = useState<AwayNotice | null>(null);
  const lastHeardAt = useRef<number | null>(null);
  useServerEvents(conn, (e) => {
    if (e.type === 'hello') {
      const me = e.you.user;
      const since = lastHeardAt.current;
      lastHeardAt.current = e.at;
      void loadAudit(since, e.at).then(
        (rows) => {
          setItems((list) =>
            merge(
              list,
              rows.map((r) => auditToActivity(r, me)),
            ),
          );
          // A resync (the same socket, events skipped while it drained) fills the feed, no notice.
          if (since !== null && !e.resync) {
            const items = rows.filter((r) => mattersWhileAway(r, me)).map((r) => auditToActivity(r, me));
            setAway({ from: since, to: e.at, items });
          }
        },
        () => {
          if (since !== null && !e.resync) setAway({ from: since, to: e.at, items: [] });
        },
      );
      return;
    }
    if (typeof e.at === 'number') lastHeardAt.current = Math.max(lastHeardAt.current ?? 0, e.at);
    const item = toActivity(e);
    if (item) setItems((list) => merge([item], list));
  });
  return { items, away, dismissAway: () => setAway(null) };
}

/** Rows settled in (since, until]; on first load (since null) the last `backfill` before until. */
async function loadAudit(since: number | null, until: number): Promise<AuditRecord[]> {
  const q = new URLSearchParams();
  if (since === null) q.set('limit', String(backfill));
  else {
    q.set('since', String(since - settleMarginMs));
    q.set('limit', '500');
  }
  const { records } = await api.audit(q);
  return records.filter((r) => r.completedAt <= until && (since === null || r.completedAt > since));
}
