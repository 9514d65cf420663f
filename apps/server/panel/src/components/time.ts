// Times as people read them: a clock time, a full date for hovering, and "2 min ago".

export function clock(at: number | string): string {
  return new Date(at).toLocaleTimeString([], { hour12: false });
}

/** "Tue, 1 Dec 2026, 18:02:11": the absolute time behind every relative one. */
export function fullTime(at: number | string): string {
  return new Date(at).toLocaleString([], {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
}

/** "2026-12-01 18:02:11" in local time: sortable, unambiguous, for tables. */
export function dateTime(at: number | string): string {
  const d = new Date(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/** A span of time in words: "12 s", "3 min", "2 h", "4 days". */
export function span(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h`;
  return `${Math.floor(h / 24)} days`;
}

/** "just now", "12 s ago", "2 min ago". */
export function ago(at: number, now: number): string {
  return now - at < 2000 ? 'just now' : `${span(now - at)} ago`;
}
