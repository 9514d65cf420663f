import type { ActivityItem } from './types.js';

/** Items of one group this close together are one happening (a drop: presence, lock, failsafe). */
export const mergeWindowMs = 5000;

export interface ActivityLine {
  id: string;
  at: number;
  kind: ActivityItem['kind'];
  who: string;
  text: string;
  from?: string;
}

/** A command's unknown and its late outcome are one line, however late the outcome came. */
export const commandWindowMs = 10 * 60_000;

// The item that tells a group's story first: the person's own change, then the lock, then the rest.
const rank: Record<ActivityItem['kind'], number> = {
  presence: 0,
  detection: 1,
  lock: 2,
  failsafe: 3,
  operation: 4,
};

/**
 * One line per happening: items (newest first) that share a group and fall within the window of
 * its newest item become one line, led by the most telling item, the others appended as parts.
 */
export function mergeActivity(items: readonly ActivityItem[], windowMs = mergeWindowMs): ActivityLine[] {
  const out: ActivityLine[] = [];
  const used = new Set<number>();
  items.forEach((item, i) => {
    if (used.has(i)) return;
    if (!item.group) {
      out.push(toLine(item));
      return;
    }
    const members = [item];
    for (let j = i + 1; j < items.length; j++) {
      const other = items[j];
      if (!other || used.has(j)) continue;
      if (item.at - other.at > (item.window ?? windowMs)) break;
      if (other.group === item.group) {
        members.push(other);
        used.add(j);
      }
    }
    // A suspect that ended in a drop is part of the drop; the drop's own line leads.
    const lead = [...members].sort(
      (a, b) => (b.weight ?? 0) - (a.weight ?? 0) || rank[a.kind] - rank[b.kind] || b.at - a.at,
    )[0] as ActivityItem;
    const parts = members
      .filter((m) => m !== lead)
      .sort((a, b) => a.at - b.at)
      .map((m) => m.part ?? m.text)
      .filter((p) => p !== '');
    // A wobble that ended well (unsure, then steady) changed nothing for anyone: no line.
    if (lead.quiet) return;
    out.push({ ...toLine(lead), at: item.at, text: [lead.text, ...new Set(parts)].join(' · ') });
  });
  return out;
}

function toLine(i: ActivityItem): ActivityLine {
  return { id: i.id, at: i.at, kind: i.kind, who: i.who, text: i.text, ...(i.from ? { from: i.from } : {}) };
}
