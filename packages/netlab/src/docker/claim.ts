import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Replicas of one compose service share one config. A config whose user is `name-*` takes
// the first free user of the board's `name*N` pool: a claim is a directory made with mkdir
// (atomic on the shared volume, across containers) holding the owner's hostname, so a
// restarted container takes back its own user. The lab clears the claims when it starts.
export const claimsDirName = 'claims';

export function claimUser(dir: string, pattern: string, owner: string, poolSize: number): string {
  const m = /^(.+)-\*$/.exec(pattern);
  if (!m) return pattern;
  mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= poolSize; i++) {
    const user = `${m[1]}-${i}`;
    const path = join(dir, user);
    try {
      mkdirSync(path);
      writeFileSync(join(path, 'owner'), owner);
      return user;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let current = '';
      try {
        current = readFileSync(join(path, 'owner'), 'utf8');
      } catch {
        // being written by its owner right now: not ours
      }
      if (current === owner) return user;
    }
  }
  throw new Error(`no free user left in the pool ${m[1]}-1..${m[1]}-${poolSize} (raise PBL_POOL)`);
}

export function clearClaims(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
