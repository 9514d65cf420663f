import { useRef, useState } from 'react';
import { api } from '../data/api.js';
import { auditToActivity, mattersWhileAway } from '../data/audit-text.js';
import type { LiveConnection } from '../data/live-connection.js';
import type { ActivityItem, AuditRecord, ServerEvent } from '../data/types.js';
import { clock } from '../components/time.js';
import { commandWindowMs } from '../data/activity-merge.js';
import { causeText, didOperate, lineDict, lineLabel, lineValue, type LineDict } from '../data/line-dict.js';
import { useServerEvents } from './useServerEvents.js';

const keep = 100;
/** Audit rows shown in Activity on load. */
const backfill = 50;
/** Rows are selected by request time; a command asked before the cut may settle after it. */
const settleMarginMs = 30_000;

/** Turns pushed events into one readable feed: who did what, when, in the board's own words. */
export function toActivity(e: ServerEvent, dict: LineDict = new Map(), me?: string): ActivityItem | null {
  switch (e.type) {
    case 'operation': {
      const op = e.operation;
      if (op.status === 'pending') return null;
      const label = lineLabel(dict, op.line);
      const to = lineValue(dict, op.line, op.value);
      const text =
        op.status === 'unknown'
          ? `asked for ${label} ${to} — no answer from the hardware in time, outcome unknown`
          : op.status === 'confirmed'
            ? `${didOperate(dict, op.line, op.value)}${op.late ? ` — applied late at ${clock(op.completedAt ?? e.at)}` : ''}`
            : `could not turn ${label} ${to}${op.error ? ` (${op.error.message})` : ''}`;
      return {
        id: `op-${op.id}-${op.status}`,
        at: op.completedAt ?? op.timedOutAt ?? e.at,
        kind: 'operation',
        who: op.actor.user,
        text,
        ...(op.remote ? { from: op.remote } : {}),
        // The unknown and the late outcome of one command: one line, the outcome leads.
        group: `op:${op.id}`,
        part: '',
        weight: op.status === 'unknown' ? 1 : 2,
        window: commandWindowMs,
      };
    }
    case 'lock': {
      const holder = e.lock.user;
      const by = e.by?.user ?? holder;
      const whose = holder === me ? 'your' : `${holder}’s`;
      const base = { id: `lock-${e.lock.id}-${e.lockEvent}-${e.at}`, at: e.at, kind: 'lock' as const };
      if (e.lockEvent === 'session-dead')
        return {
          ...base,
          who: '',
          text: `${holder === me ? 'Your' : whose} control was released (connection lost)`,
          group: `drop:${holder}`,
          part: 'control released',
        };
      const text =
        e.lockEvent === 'taken'
          ? 'took control'
          : e.lockEvent === 'takeover'
            ? `took over ${whose} control`
            : by === holder
              ? 'released control'
              : `released ${whose} control`;
      return { ...base, who: by, text };
    }
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
      const base = { id: `p-${c.user}-${e.at}-${c.state}`, at: e.at, kind: 'presence' as const, who: c.user };
      // A drop is one line with what it released; a wobble that ended well (unsure, then back)
      // is none: Who is here showed it while it lasted.
      const group = `drop:${c.user}`;
      if (c.state === 'online' && c.previous === 'suspect')
        return { ...base, text: 'connection steady again', group, part: '', weight: 2, quiet: true };
      if (c.state === 'online') return { ...base, text: 'came online' };
      if (c.state === 'suspect') return { ...base, text: 'connection unsure', group, part: '', weight: 1 };
      return { ...base, text: causeText(c.cause), group, weight: 3 };
    }
    case 'failsafe': {
      const r = e.report;
      const label = lineLabel(dict, r.line);
      const to = lineValue(dict, r.line, r.safeValue ?? null);
      const failed = r.result === 'confirmed' ? '' : ` — ${r.result}`;
      return {
        id: `fs-${r.line}-${e.at}`,
        at: e.at,
        kind: 'failsafe',
        who: '',
        text: `${label} went ${to} by itself — failsafe, ${r.user === me ? 'your' : `${r.user}’s`} connection was lost${failed}`,
        group: `drop:${r.user}`,
        part: `${label} went ${to} (failsafe)${failed}`,
      };
    }
    // The presence change says the same in words; the detection's detail is for the lab.
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
  const dict = useRef<LineDict>(new Map());
  const meRef = useRef<string | undefined>(undefined);
  useServerEvents(conn, (e) => {
    if (e.type === 'hello') {
      const me = e.you.user;
      meRef.current = me;
      dict.current = lineDict(e.state.lines);
      const since = lastHeardAt.current;
      lastHeardAt.current = e.at;
      void loadAudit(since, e.at).then(
        (rows) => {
          setItems((list) =>
            merge(
              list,
              rows.map((r) => auditToActivity(r, me, dict.current)),
            ),
          );
          // A resync (the same socket, events skipped while it drained) fills the feed, no notice.
          if (since !== null && !e.resync) {
            const items = rows
              .filter((r) => mattersWhileAway(r, me))
              .map((r) => auditToActivity(r, me, dict.current));
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
    const item = toActivity(e, dict.current, meRef.current);
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
