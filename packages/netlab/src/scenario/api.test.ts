import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isScenario, scenario } from './api.js';
import { scenarioDts } from './scenario-dts.js';

describe('scenario()', () => {
  it('builds a definition with defaults', () => {
    const run = async () => undefined;
    const s = scenario('x-1', run);
    expect(isScenario(s)).toBe(true);
    expect(s).toMatchObject({ name: 'x-1', fast: false, timeoutMs: 120_000, description: '' });
    expect(scenario('x-2', { fast: true }, run).fast).toBe(true);
  });

  it('refuses bad names and a missing run function with exact messages', () => {
    expect(() => scenario('Bad Name', async () => undefined)).toThrow(
      new TypeError('scenario name must be 1-64 characters of a-z, 0-9 and "-"'),
    );
    expect(() => scenario('ok', {} as never)).toThrow(new TypeError('scenario needs a run function'));
  });
});

describe('scenario.d.ts for the editor', () => {
  it('declares every member of ScenarioLab', () => {
    const src = readFileSync(new URL('./api.ts', import.meta.url), 'utf8');
    const body = src.slice(
      src.indexOf('export interface ScenarioLab'),
      src.indexOf('export interface ScenarioOptions'),
    );
    const members = [...body.matchAll(/^ {2}(?:readonly )?(\w+)[(:]/gm)].map((m) => m[1]);
    expect(members.length).toBeGreaterThan(15);
    for (const m of members) expect(scenarioDts, m).toMatch(new RegExp(`\\b${m}[(:]`));
  });
});
