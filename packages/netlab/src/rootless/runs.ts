import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '@pulseboard/harness/ns/cleanup';

// Run folders of the rootless mode. Inside its PID namespace every lab is PID 1, so run ids
// (`<pid>x<hex>`) cannot tell labs apart and `cleanRunDirs` (pid alive?) would judge other
// labs' folders by the wrong PIDs. So a rootless lab never shares the repository's
// .lab-runs: each session gets a scratch folder of its own, bind-mounted over .lab-runs inside
// the namespace, with the folders that outlive a run (results, user scenarios) bind-mounted
// into it from the user's state folder.

export interface RunsLayout {
  /** This session's scratch folder (client bundles, board data); removed when it ends. */
  session: string;
  /** What outlives a session: `results/`, `user-scenarios/`. */
  keep: string;
}

export const keptFolders = ['results', 'user-scenarios'];

function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The user's own folder for the lab: $XDG_STATE_HOME, ~/.local/state, else $TMPDIR. */
export function stateDir(env: NodeJS.ProcessEnv, uid: number): string {
  const stateHome = env.XDG_STATE_HOME || (env.HOME ? join(env.HOME, '.local/state') : undefined);
  const candidates = [
    ...(stateHome ? [join(stateHome, 'pulseboard-lab')] : []),
    join(tmpdir(), `pulseboard-lab-${uid}`),
  ];
  for (const dir of candidates) {
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      // In a shared /tmp someone else may have made it first: only our own will do.
      if (statSync(dir).uid === uid && writable(dir)) return dir;
    } catch {
      // next candidate
    }
  }
  throw new Error(
    `rootless mode: no folder for run files: none of ${candidates.join(', ')} is writable (set XDG_STATE_HOME to a folder you can write)`,
  );
}

/** Session folders whose outer process (a real PID, named in the folder) is gone. */
export function sweepSessions(sessions: string): string[] {
  if (!existsSync(sessions)) return [];
  const stale = readdirSync(sessions).filter((d) => {
    const m = /^(\d+)x/.exec(d);
    return m !== null && Number(m[1]) !== process.pid && !isAlive(Number(m[1]));
  });
  for (const d of stale) rmSync(join(sessions, d), { recursive: true, force: true });
  return stale;
}

export function prepareRuns(env: NodeJS.ProcessEnv = process.env, uid = process.getuid?.() ?? 0): RunsLayout {
  const state = stateDir(env, uid);
  const keep = join(state, 'runs');
  for (const f of keptFolders) mkdirSync(join(keep, f), { recursive: true, mode: 0o700 });
  const sessions = join(state, 'sessions');
  mkdirSync(sessions, { recursive: true, mode: 0o700 });
  sweepSessions(sessions);
  return { session: mkdtempSync(join(sessions, `${process.pid}x`)), keep };
}
