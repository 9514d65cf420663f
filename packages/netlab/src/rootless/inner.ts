import { existsSync, mkdirSync, realpathSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from '../util/exec.js';
import { labRunsDir } from '../util/paths.js';
import { keptFolders, type RunsLayout } from './runs.js';

// The lab process inside the user namespace (started by outer.ts). It is root there: the
// mounts below stay in its private mount namespace and vanish with it.

export const innerEnvVar = 'PULSEBOARD_LAB_ROOTLESS_INNER';

export interface InnerContext {
  /** Folders the real user owns, bind-mounted over the repo's .lab-runs (runs.ts). */
  runs?: RunsLayout;
  /** serve: the Unix socket the outer process proxies the lab API port to. */
  apiSocket?: string;
  /** Where the outer process listens (what a browser opens). */
  url?: string;
}

/** The context handed down by the outer process, taken out of the environment so the
 * lab's own children (board, clients) do not see it. */
export function takeInnerContext(env: NodeJS.ProcessEnv = process.env): InnerContext | undefined {
  const raw = env[innerEnvVar];
  if (raw === undefined) return undefined;
  delete env[innerEnvVar];
  return JSON.parse(raw) as InnerContext;
}

let current: InnerContext | undefined;

/** Set once the namespace is set up: the CLI is running rootless. */
export function rootlessContext(): InnerContext | undefined {
  return current;
}

/** Private /run/netns (so `ip netns add` works and nothing shows on the host), the run
 * folder, loopback up. */
export async function setupInner(ctx: InnerContext): Promise<void> {
  if (ctx.runs) {
    // The outer process pointed labRunsDir at the session folder (PULSEBOARD_LAB_RUNS_DIR);
    // the folders kept across sessions are bound into it.
    if (labRunsDir !== ctx.runs.session)
      throw new Error(`rootless mode: run folder ${labRunsDir} is not the session's`);
    for (const f of keptFolders) {
      mkdirSync(join(labRunsDir, f), { recursive: true });
      await run('mount', ['--bind', join(ctx.runs.keep, f), join(labRunsDir, f)]);
    }
  }
  const target = existsSync('/run/netns') ? '/run/netns' : '/run';
  await run('mount', ['-t', 'tmpfs', '-o', 'mode=755', 'pulseboard-lab-netns', target]);
  mkdirSync('/run/netns', { recursive: true });
  // /var/run is normally a link to /run; where it is a folder of its own, `ip` may use it.
  if (existsSync('/var/run/netns') && realpathSync('/var/run') !== realpathSync('/run'))
    await run('mount', ['-t', 'tmpfs', '-o', 'mode=755', 'pulseboard-lab-netns', '/var/run/netns']);
  await run('ip', ['link', 'set', 'lo', 'up']);
  current = ctx;
}

/**
 * Signals and the parent's death. Node is PID 1 of the lab's PID namespace: a signal it has
 * no handler for is ignored, so the plain commands get one that exits (the kernel then kills
 * everything else in the namespace). The outer process forwards its signals over the IPC
 * channel; when the channel closes (the outer process died), we stop as on SIGTERM.
 */
export function installInnerSignals(cmd: string, ctx: InnerContext): void {
  if (cmd !== 'serve') {
    process.on('SIGINT', () => process.exit(130));
    process.on('SIGTERM', () => process.exit(143));
  }
  if (!process.channel) return;
  process.on('message', (m: unknown) => {
    const sig = (m as { signal?: unknown } | null)?.signal;
    if (sig === 'SIGINT' || sig === 'SIGTERM') process.emit(sig, sig);
  });
  process.on('disconnect', () => {
    // The outer process cannot remove its socket folder any more: we do.
    if (ctx.apiSocket) rmSync(dirname(ctx.apiSocket), { recursive: true, force: true });
    process.emit('SIGTERM', 'SIGTERM');
  });
  process.channel.unref();
}
