// Users of the Docker engine's board, from one environment variable: `alice,bob,crowd*20`
// makes alice, bob and crowd-1 ... crowd-20. A `name*N` pool is what replicas of one compose
// service claim from (see claim.ts): each replica gets a user of its own, so the lab can tell
// them apart in the board's detection records.
export function expandUsers(spec: string): string[] {
  const out: string[] = [];
  for (const part of spec.split(',').map((s) => s.trim())) {
    if (!part) continue;
    const m = /^([a-z][a-z0-9_-]*)\*(\d+)$/i.exec(part);
    if (!m) {
      if (!/^[a-z][a-z0-9_-]*$/i.test(part)) throw new TypeError(`bad user name "${part}" in PBL_USERS`);
      out.push(part);
      continue;
    }
    const n = Number(m[2]);
    if (n < 1 || n > 500) throw new TypeError(`pool size of "${part}" must be 1..500`);
    for (let i = 1; i <= n; i++) out.push(`${m[1]}-${i}`);
  }
  return [...new Set(out)];
}
