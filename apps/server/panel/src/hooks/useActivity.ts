import { useState } from 'react';
import type { LiveConnection } from '../data/live-connection.js';
import type { ActivityItem, ServerEvent } from '../data/types.js';
import { useServerEvents } from './useServerEvents.js';

const keep = 100;

/** Turns pushed events into one readable feed: who did what, when, from where. */
export function toActivity(e: ServerEvent): ActivityItem | null {
  switch (e.type) {
    case 'operation': {
      const op = e.operation;
      if (op.status === 'pending') return null;
      const verb = op.status === 'confirmed' ? 'set' : 'failed to set';
      return {
        id: `op-${op.id}-${op.status}`,
        at: op.completedAt ?? e.at,
        kind: 'operation',
        who: op.actor.user,
        text: `${verb} ${op.line} to ${op.value}${op.error ? ` (${op.error.message})` : ''}`,
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
        text: `is ${c.state}`,
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

export function useActivity(conn: LiveConnection): ActivityItem[] {
  const [items, setItems] = useState<ActivityItem[]>([]);
  useServerEvents(conn, (e) => {
    const item = toActivity(e);
    if (item) setItems((list) => [item, ...list].slice(0, keep));
  });
  return items;
}
