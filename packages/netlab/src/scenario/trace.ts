import { AsyncLocalStorage } from 'node:async_hooks';
import { findSourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ScenarioLab } from './api.js';

// Which line of the scenario file is running: every call a scenario makes on `lab` is traced
// to the line it was made from (read off the call stack, which tsx maps back to the .ts source),
// so the editor can highlight the step in progress and put each expectation on its line.

const callLine = new AsyncLocalStorage<number>();

/** The scenario line of the `lab` call the current code runs for (inside a traced call). */
export const currentScenarioLine = (): number | undefined => callLine.getStore();

/**
 * The scenario line of the first frame of `stack` in `file`. Frames come either already mapped
 * to the .ts source (Node formats stacks through source maps once they are enabled) or, when
 * another tool formats them (vitest does), as positions in tsx's compiled text: those are
 * mapped here through the source map Node keeps for the module.
 */
export function lineIn(stack: string | undefined, file: string): number | undefined {
  if (!stack) return undefined;
  for (const frame of stack.split('\n').slice(1)) {
    const m = /\(?((?:file:\/\/)?[^()\s]+?):(\d+):(\d+)\)?\s*$/.exec(frame);
    if (!m) continue;
    const [, location, line, column] = m as unknown as [string, string, string, string];
    const path = location.startsWith('file://') ? fileURLToPath(location.replace(/\?.*$/, '')) : location;
    if (path !== file) continue;
    const entry = findSourceMap(location)?.findEntry(Number(line) - 1, Number(column) - 1);
    return entry && 'originalLine' in entry ? entry.originalLine + 1 : Number(line);
  }
  return undefined;
}

/**
 * `lab` with every method traced: `onStep(call, line)` before it runs, and the line kept for
 * what it records (expectations) however many calls run at once.
 */
export function traceCalls(
  lab: ScenarioLab,
  file: string,
  onStep: (call: string, line: number) => void,
): ScenarioLab {
  return new Proxy(lab, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || typeof key !== 'string') return value;
      return (...args: unknown[]) => {
        const line = lineIn(new Error().stack, file);
        if (line === undefined) return (value as (...a: unknown[]) => unknown).apply(target, args);
        onStep(key, line);
        return callLine.run(line, () => (value as (...a: unknown[]) => unknown).apply(target, args));
      };
    },
  });
}
