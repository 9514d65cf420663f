import { describe, expect, it } from 'vitest';
import type { LineSpec } from '../board.js';
import { lineFlag } from './layout.js';
import { planRequest, type ResolvedLine } from './plan.js';

const out = (name: string, extra: Partial<LineSpec> = {}): LineSpec => ({
  name,
  label: name,
  direction: 'out',
  activeLow: false,
  failsafe: false,
  safeValue: 0,
  ...extra,
});
const input = (name: string, extra: Partial<LineSpec> = {}): LineSpec => ({
  ...out(name),
  direction: 'in',
  ...extra,
});
const at = (spec: LineSpec, offset: number): ResolvedLine => ({ spec, offset });

describe('planRequest', () => {
  it('makes the most common flag set the default and the rest per-line attributes', () => {
    const req = planRequest(
      [
        at(out('pump'), 17),
        at(out('heater'), 18),
        at(out('fan', { activeLow: true, safeValue: 1 }), 19),
        at(input('estop', { activeLow: true, debounceMs: 20 }), 4),
        at(input('door', { debounceMs: 20 }), 5),
      ],
      'pulseboard',
      32,
    );
    const edges = lineFlag.INPUT | lineFlag.EDGE_RISING | lineFlag.EDGE_FALLING;
    expect(req.offsets).toEqual([17, 18, 19, 4, 5]);
    expect(req.flags).toBe(lineFlag.OUTPUT);
    expect(req.attrs).toEqual([
      { kind: 'flags', flags: lineFlag.OUTPUT | lineFlag.ACTIVE_LOW, mask: 0b00100n },
      { kind: 'flags', flags: edges | lineFlag.ACTIVE_LOW, mask: 0b01000n },
      { kind: 'flags', flags: edges, mask: 0b10000n },
      // Safe values are logical: the active-low fan's safe 1 is bit 2 set.
      { kind: 'output-values', values: 0b00100n, mask: 0b00111n },
      { kind: 'debounce', us: 20_000, mask: 0b11000n },
    ]);
    expect(req.eventBufferSize).toBe(32);
  });

  it('asks for the bias an input names', () => {
    const edges = lineFlag.INPUT | lineFlag.EDGE_RISING | lineFlag.EDGE_FALLING;
    const req = planRequest(
      [
        at(input('button', { bias: 'pull-up' }), 4),
        at(input('door', { bias: 'pull-down' }), 5),
        at(input('raw'), 6),
      ],
      'p',
      16,
    );
    expect(req.flags).toBe(edges | lineFlag.BIAS_PULL_UP);
    expect(req.attrs).toEqual([
      { kind: 'flags', flags: edges | lineFlag.BIAS_PULL_DOWN, mask: 0b010n },
      { kind: 'flags', flags: edges, mask: 0b100n },
    ]);
  });

  it('asks for no event buffer when the chip has only outputs', () => {
    expect(planRequest([at(out('pump'), 1)], 'p', 32).eventBufferSize).toBe(0);
  });
});
