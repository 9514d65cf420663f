// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contrastRatio, readThemeTokens } from './contrast.js';

const css = readFileSync(new URL('./tokens.css', import.meta.url), 'utf8');
const themes = readThemeTokens(css);

// Every foreground/background pair the components use, with the WCAG 2.2 AA minimum:
// 4.5:1 for text (all our state text is below 18.66 px bold), 3:1 for non-text (borders, rings).
const text: [fg: string, bg: string][] = [
  ['--color-text', '--color-bg'],
  ['--color-text', '--color-surface'],
  ['--color-text', '--color-surface-2'],
  ['--color-text-muted', '--color-bg'],
  ['--color-text-muted', '--color-surface'],
  ['--color-text-muted', '--color-surface-2'],
  ['--color-on-accent', '--color-accent'],
  ['--color-accent', '--color-surface'],
  ['--color-accent-ink', '--color-accent-soft'],
  ['--color-on', '--color-surface'],
  ['--color-on-ink', '--color-on-bg'],
  ['--color-warn', '--color-surface'],
  ['--color-warn-ink', '--color-warn-bg'],
  ['--color-bad', '--color-surface'],
  ['--color-bad-ink', '--color-bad-bg'],
  ['--color-off-ink', '--color-off-bg'],
  ['--color-text-muted', '--color-on-bg'],
  ['--color-text-muted', '--color-warn-bg'],
  ['--color-text-muted', '--color-off-bg'],
];
const nonText: [fg: string, bg: string][] = [
  ['--color-border-strong', '--color-surface'],
  ['--color-accent', '--color-surface'],
  ['--color-accent', '--color-bg'],
  ['--color-on', '--color-surface'],
  ['--color-warn', '--color-surface'],
  ['--color-bad', '--color-surface'],
];

describe('design tokens', () => {
  for (const [name, tokens] of Object.entries(themes)) {
    it(`${name} theme: every text pair is at least 4.5:1 and every non-text pair 3:1`, () => {
      const ratio = (fg: string, bg: string) => {
        const a = tokens.get(fg);
        const b = tokens.get(bg);
        if (!a || !b) throw new Error(`missing token ${a ? bg : fg}`);
        return contrastRatio(a, b);
      };
      const fails = [
        ...text
          .filter(([fg, bg]) => ratio(fg, bg) < 4.5)
          .map(([fg, bg]) => `${fg} on ${bg}: ${ratio(fg, bg).toFixed(2)}`),
        ...nonText
          .filter(([fg, bg]) => ratio(fg, bg) < 3)
          .map(([fg, bg]) => `${fg} on ${bg}: ${ratio(fg, bg).toFixed(2)}`),
      ];
      expect(fails).toEqual([]);
    });
  }

  it('reads both themes for every colour token (none defined for one theme only)', () => {
    expect(themes.light.size).toBeGreaterThan(20);
    expect([...themes.dark.keys()]).toEqual([...themes.light.keys()]);
    expect(css.match(/--color-[\w-]+:/g)?.length).toBe(themes.light.size);
  });

  it('computes the WCAG ratio (black on white is 21:1, a colour on itself 1:1)', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#1d5fd0', '#1d5fd0')).toBe(1);
  });
});
