import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { decide, unavailableMessage } from '@pulseboard/netlab/rootless/decide';
import { innerEnvVar, setupInner, takeInnerContext } from '@pulseboard/netlab/rootless/inner';
import { runRootless } from '@pulseboard/netlab/rootless/outer';
import { gatherFacts } from '@pulseboard/netlab/rootless/probe';

// `pulseboard-playwright [playwright test options]`: `playwright test` with the lab's
// privileges. As root it simply runs Playwright. Without root it re-runs itself in the lab's
// rootless mode (a user + network + mount + PID namespace where it is root, rootless/ in
// netlab), so the fixture builds its namespaces there: the host's network never sees them and
// they vanish with the run, whatever way it ends.

/** The project's own Playwright (the one its config and specs import). */
function playwrightCli(cwd: string): string {
  return createRequire(join(cwd, 'package.json')).resolve('@playwright/test/cli');
}

function runPlaywright(args: string[], ownGroup: boolean): ChildProcess {
  return spawn(process.execPath, [playwrightCli(process.cwd()), 'test', ...args], {
    stdio: 'inherit',
    // Inside the namespace Playwright gets signals only from us, once: a terminal's Ctrl-C
    // reaches every process of its group, and Playwright reads a second SIGINT as "force".
    detached: ownGroup,
  });
}

function exitCodeOf(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 143)));
  });
}

/** The process inside the user namespace: PID 1 there, so it must pass signals on itself. */
async function inner(args: string[]): Promise<number> {
  const ctx = takeInnerContext()!;
  await setupInner(ctx);
  const child = runPlaywright(args, true);
  // The outer process forwards its signals over the IPC channel; the ones the terminal sends
  // straight to us are the same Ctrl-C again, so they are ignored (PID 1 needs a handler).
  const ignore = () => undefined;
  process.on('SIGINT', ignore);
  process.on('SIGTERM', ignore);
  process.on('message', (m: unknown) => {
    const sig = (m as { signal?: unknown } | null)?.signal;
    if (sig === 'SIGINT' || sig === 'SIGTERM') child.kill(sig);
  });
  // The outer process died: nobody waits for us any more.
  process.on('disconnect', () => child.kill('SIGTERM'));
  process.channel?.unref();
  return exitCodeOf(child);
}

export async function main(args: string[]): Promise<number> {
  if (args[0] === 'test') args = args.slice(1);
  if (process.env[innerEnvVar] !== undefined) return inner(args);
  if (process.getuid?.() === 0 || process.platform !== 'linux') return exitCodeOf(runPlaywright(args, false));
  const decision = decide(await gatherFacts());
  if (decision.mode === 'rootless')
    return runRootless({
      cmd: 'test',
      args,
      self: [process.execPath, ...process.execArgv, process.argv[1]!],
    });
  const missing = decision.mode === 'unavailable' ? decision.missing : [];
  process.stderr.write(unavailableMessage('pulseboard-playwright', missing));
  return 1;
}
