import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScenarioLab } from './api.js';
import { currentScenarioLine, lineIn, traceCalls } from './trace.js';

const file = '/work/scenarios/power-off.ts';

describe('lineIn', () => {
  it('finds the first frame in the scenario file, as a path or a file:// URL with a query', () => {
    const stack = [
      'Error: x',
      '    at Object.get (/repo/packages/netlab/src/scenario/trace.ts:40:22)',
      `    at run (${pathToFileURL(file).href}?t=m3x9:17:15)`,
      `    at other (${file}:3:1)`,
    ].join('\n');
    expect(lineIn(stack, file)).toBe(17);
    expect(lineIn(`Error\n    at async Object.run (${file}:9:5)`, file)).toBe(9);
    expect(lineIn(`Error\n    at ${file}:12:7`, file)).toBe(12);
  });

  it('answers undefined when no frame is in the file', () => {
    expect(lineIn('Error\n    at x (/elsewhere.ts:1:1)', file)).toBeUndefined();
    expect(lineIn(undefined, file)).toBeUndefined();
  });
});

describe('traceCalls', () => {
  // This test file plays the scenario: its own lines are the ones traced.
  const self = fileURLToPath(import.meta.url);

  const fakeLab = (record: (name: string, line: number | undefined) => void) =>
    ({
      async wait(ms: number) {
        await new Promise((r) => setTimeout(r, ms));
        record(`waited ${ms}`, currentScenarioLine());
      },
      log() {},
    }) as unknown as ScenarioLab;

  it('reports each call with the line it was made from, and keeps that line for what it records', async () => {
    const steps: [string, number][] = [];
    const recorded: [string, number | undefined][] = [];
    const lab = traceCalls(
      fakeLab((n, l) => recorded.push([n, l])),
      self,
      (call, line) => steps.push([call, line]),
    );
    const lineA = Number(new Error().stack!.split('\n')[1]!.match(/:(\d+):\d+\)?$/)![1]) + 1;
    const slow = lab.wait(30);
    const fast = lab.wait(1); // starts later, finishes first: each keeps its own line
    await Promise.all([slow, fast]);
    lab.log('x');
    expect(steps).toEqual([
      ['wait', lineA],
      ['wait', lineA + 1],
      ['log', lineA + 3],
    ]);
    expect(recorded).toEqual([
      ['waited 1', lineA + 1],
      ['waited 30', lineA],
    ]);
  });

  it('passes calls through untraced when the caller is not the scenario file', async () => {
    const steps: unknown[] = [];
    const lab = traceCalls(
      fakeLab(() => undefined),
      '/not/this/file.ts',
      (c, l) => steps.push([c, l]),
    );
    await lab.wait(1);
    expect(steps).toEqual([]);
  });
});
