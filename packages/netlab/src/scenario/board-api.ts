// The few board API calls the lab controller makes itself (from the root namespace).
export interface PresenceUser {
  name: string;
  state: string;
}

async function getJson(url: string, auth: string): Promise<unknown> {
  const res = await fetch(url, { headers: { authorization: auth }, signal: AbortSignal.timeout(2000) });
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
}

export async function getPresence(base: string, auth: string): Promise<PresenceUser[]> {
  const body = (await getJson(base + '/api/presence', auth)) as { users?: PresenceUser[] };
  return Array.isArray(body.users) ? body.users : [];
}

export async function getLineValue(base: string, auth: string, name: string): Promise<number | undefined> {
  const body = (await getJson(base + '/api/state', auth)) as
    { lines?: { name: string; value: number }[] } | unknown[];
  const lines = Array.isArray(body) ? (body as { name: string; value: number }[]) : (body.lines ?? []);
  return lines.find((l) => l.name === name)?.value;
}

export async function setLine(base: string, auth: string, name: string, value: 0 | 1): Promise<void> {
  const res = await fetch(`${base}/api/lines/${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify({ value }),
    signal: AbortSignal.timeout(3000),
  });
  if (!res.ok) throw new Error(`POST /api/lines/${name}: ${res.status} ${await res.text()}`);
}
