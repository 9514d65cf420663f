// Server detection records, read from the board's JSON log lines (DESIGN: "every server-side
// detection is logged as one JSON line with the cause and timestamps"). Read tolerantly so a
// renamed field degrades to "unknown" instead of losing the event.
export interface Detection {
  user?: string;
  /** Client IP as the server saw it (IPv4, without ::ffff: or port). */
  remoteIp?: string;
  /** 'alive': heard again after a suspect (a recovery, not a detection). */
  state: 'suspect' | 'offline' | 'alive';
  cause: string;
  lastHeardAt: number;
  detectedAt: number;
}

function ipOf(remote: unknown): string | undefined {
  if (typeof remote !== 'string') return undefined;
  const noMapped = remote.replace(/^::ffff:/, '');
  const m = /^(\d+\.\d+\.\d+\.\d+)/.exec(noMapped);
  return m ? m[1] : noMapped;
}

function str(o: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) if (typeof o[k] === 'string') return o[k] as string;
  return undefined;
}

export function parseDetection(line: string): Detection | undefined {
  if (!line.includes('detectedAt') && !line.includes('suspectAt')) return undefined;
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const nested = (o.liveness ?? o.connection ?? {}) as Record<string, unknown>;
  const flat = { ...nested, ...o };
  // The server's record: { event: 'detection', state: 'suspect' | 'alive' | 'dead', ... }.
  const stateWord = (str(flat, 'state') ?? str(flat, 'msg') ?? '').toLowerCase();
  if (flat.event !== undefined && flat.event !== 'detection') return undefined;
  const alive = /\balive\b/.test(stateWord);
  const suspect = stateWord.includes('suspect') && !stateWord.includes('dead');
  const detectedAt = typeof flat.detectedAt === 'number' ? flat.detectedAt : undefined;
  const suspectAt = typeof flat.suspectAt === 'number' ? flat.suspectAt : undefined;
  const at = alive ? (detectedAt ?? Date.now()) : suspect ? (suspectAt ?? detectedAt) : detectedAt;
  if (at === undefined) return undefined;
  const remote = flat.remote ?? flat.remoteAddress ?? flat.address ?? flat.ip;
  return {
    user: str(flat, 'user', 'userName', 'name'),
    remoteIp: ipOf(remote),
    state: alive ? 'alive' : suspect ? 'suspect' : 'offline',
    cause: str(flat, 'cause', 'reason') ?? (suspect ? 'suspect' : 'unknown'),
    lastHeardAt: typeof flat.lastHeardAt === 'number' ? flat.lastHeardAt : at,
    detectedAt: at,
  };
}
