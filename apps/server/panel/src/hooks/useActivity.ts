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
      return { id: `lock-${e.lock.id}-${e.lockEvent}-${e.at}`, at: e.at, kind: 'lock', who: e.by?.user ?? e.lock.user, text: `control lock ${e.lockEvent}` };
    case 'presence':
      return { id: `p-${e.change.user}-${e.at}-${e.change.state}`, at: e.at, kind: 'presence', who: e.change.user, text: `is ${e.change.state}${e.change.cause ? ` (${e.change.cause})` : ''}` };
    case 'failsafe':
      return { id: `fs-${e.report.line}-${e.at}`, at: e.at, kind: 'failsafe', who: e.report.user, text: `failsafe: ${e.report.line} to safe value (${e.report.result})` };
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
