import type { ChildProcess } from 'node:child_process';

/**
 * Waits for a `pulseboard serve` child to print "Pulseboard on URL" and resolves with that URL;
 * rejects with everything it printed if it exits first or stays silent for `timeoutMs`.
 * `output()` keeps collecting stdout and stderr afterwards (for failure reports).
 */
export function waitForListening(
  child: ChildProcess,
  timeoutMs: number,
): Promise<{ url: string; output: () => string }> {
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), timeoutMs);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /Pulseboard on (https?:\/\/[^\s]+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve({ url: m[1], output: () => output });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
  });
}
