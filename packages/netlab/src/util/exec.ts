import { spawn } from 'node:child_process';

// Every kernel change the lab makes goes through here, so a failure names the exact command.
export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`${command} failed (${code}): ${stderr.trim()}`);
    this.name = 'CommandError';
  }
}

export interface RunOptions {
  input?: string;
  /** Resolve with the output even when the command fails (cleanup paths). */
  allowFail?: boolean;
}

export function run(cmd: string, args: string[], options: RunOptions = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => (options.allowFail ? resolve('') : reject(e)));
    child.on('close', (code) => {
      if (code === 0 || options.allowFail) resolve(out);
      else reject(new CommandError(`${cmd} ${args.join(' ')}`, code, err));
    });
    // A command that exits without reading its input must not crash us with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input ?? '');
  });
}

/** Many `ip` commands in one process: one fork instead of dozens (lab start-up time). */
export function ipBatch(lines: string[], options: RunOptions = {}): Promise<string> {
  if (lines.length === 0) return Promise.resolve('');
  return run('ip', ['-force', '-batch', '-'], { ...options, input: lines.join('\n') + '\n' });
}

/** Run an nft script inside a namespace (or the root namespace when ns is undefined). */
export function nft(script: string, ns?: string, options: RunOptions = {}): Promise<string> {
  const args = ns ? ['netns', 'exec', ns, 'nft', '-f', '-'] : ['nft', '-f', '-'];
  return run(ns ? 'ip' : 'nft', ns ? args : ['-f', '-'], { ...options, input: script });
}

/** Run a command inside a network namespace. */
export function inNs(ns: string, cmd: string, args: string[], options: RunOptions = {}): Promise<string> {
  return run('ip', ['netns', 'exec', ns, cmd, ...args], options);
}

/**
 * `run`, resolving with when the command finished (epoch ms) as stamped by `date` right after
 * it, not when this process heard of its exit: under load that news comes hundreds of ms
 * later, and a fault would seem to take effect after the board had already noticed it. The
 * same instant the Docker engine's fault helper reports (docker/docker-api.ts).
 */
export async function runStamped(cmd: string, args: string[], options: RunOptions = {}): Promise<number> {
  const out = await run('sh', ['-c', '"$@" && date +%s%3N', 'sh', cmd, ...args], options).catch(
    (e: unknown) => {
      // Named as the command it ran, not the shell around it.
      if (e instanceof CommandError) throw new CommandError(`${cmd} ${args.join(' ')}`, e.code, e.stderr);
      throw e;
    },
  );
  const at = Number(out.trimEnd().split('\n').at(-1));
  return Number.isSafeInteger(at) ? at : Date.now();
}
