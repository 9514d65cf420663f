// Server presence events, read tolerantly: the lab should not break if the server adds
// fields. Accepts `{type:'presence', user|name, state}`, `{type:'presence', users:[...]}` and
// the server's `{type:'presence', change, presence: {users:[...]}}` (the full list per change).
export interface PresenceChange {
  user: string;
  state: string;
}

export function presenceChanges(event: unknown): PresenceChange[] {
  if (!event || typeof event !== 'object') return [];
  const e = event as Record<string, unknown>;
  if (typeof e.type !== 'string' || !e.type.startsWith('presence')) return [];
  const out: PresenceChange[] = [];
  const one = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    const user = typeof o.user === 'string' ? o.user : typeof o.name === 'string' ? o.name : undefined;
    if (user && typeof o.state === 'string') out.push({ user, state: o.state });
  };
  one(e);
  if (e.user && typeof e.user === 'object') one(e.user);
  if (Array.isArray(e.users)) e.users.forEach(one);
  const snap = e.presence as { users?: unknown } | undefined;
  if (snap && Array.isArray(snap.users)) snap.users.forEach(one);
  return out;
}
