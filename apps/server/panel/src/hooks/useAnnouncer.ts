import { useRef, useState } from 'react';
import { didOperate, lineDict, type LineDict } from '../data/line-dict.js';
import type { LiveConnection } from '../data/live-connection.js';
import type { ServerEvent } from '../data/types.js';
import { useServerEvents } from './useServerEvents.js';

/**
 * What a screen reader should hear without looking: others' switches, control changes and
 * chat messages (one's own actions are already heard through the control that was pressed).
 */
export function announcement(e: ServerEvent, me: string | undefined, dict: LineDict): string | null {
  switch (e.type) {
    case 'operation': {
      const op = e.operation;
      if (op.actor.user === me || op.status !== 'confirmed') return null;
      return `${op.actor.user} ${didOperate(dict, op.line, op.value)}`;
    }
    case 'chat':
      return e.message.user === me ? null : `${e.message.user} says: ${e.message.text}`;
    case 'lock': {
      const by = e.by?.user ?? e.lock.user;
      if (by === me) return null;
      if (e.lockEvent === 'taken') return `${by} took control`;
      if (e.lockEvent === 'takeover') return `${by} took over control`;
      return e.lockEvent === 'session-dead'
        ? `${e.lock.user}’s control was released`
        : `${by} released control`;
    }
    case 'failsafe':
      return `${dict.get(e.report.line)?.label ?? e.report.line} went to its safe state`;
    default:
      return null;
  }
}

/** The latest announcement, with a counter so the same words twice are announced twice. */
export function useAnnouncer(conn: LiveConnection): { text: string; n: number } {
  const [said, setSaid] = useState({ text: '', n: 0 });
  const dict = useRef<LineDict>(new Map());
  const me = useRef<string | undefined>(undefined);
  useServerEvents(conn, (e) => {
    if (e.type === 'hello') {
      dict.current = lineDict(e.state.lines);
      me.current = e.you.user;
      return;
    }
    const text = announcement(e, me.current, dict.current);
    if (text) setSaid((s) => ({ text, n: s.n + 1 }));
  });
  return said;
}
