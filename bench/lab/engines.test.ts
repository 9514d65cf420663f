import { describe, expect, it } from 'vitest';
import type { ClientKind } from '@pulseboard/netlab/types';
import { cell, comparisonRows, holdBackForPowerOff, meanGap, type EngineResult } from './engines.js';

const result = (engine: string, detections: (number | undefined)[]): EngineResult => ({
  engine,
  n: detections.length,
  connected: detections.length,
  clientsUpMs: 0,
  samples: detections.map((detectMs) => ({
    kind: 'blackhole',
    client: 'sse',
    applyMs: 10,
    detectMs,
    cause: detectMs === undefined ? undefined : 'user-timeout',
    healMs: 20,
  })),
});

describe('bench:lab engine cells', () => {
  it('a cell has the mean and sample variance of what was detected, and counts the misses', () => {
    const c = cell(result('namespaces', [1600, 1700, 1800, undefined]), 'blackhole', 'sse');
    expect(c).toMatchObject({ n: 4, detected: 3, mean: 1700, variance: 10_000, median: 1700 });
  });

  it('the gap is Docker minus namespaces with its 95 % half-width', () => {
    const ns = cell(result('namespaces', [1600, 1700, 1800]), 'blackhole', 'sse');
    const dk = cell(result('docker', [1500, 1600, 1700]), 'blackhole', 'sse');
    const g = meanGap(ns, dk)!;
    expect(g.gapMs).toBe(-100);
    expect(g.within95Ms).toBeCloseTo(1.96 * Math.sqrt(10_000 / 3 + 10_000 / 3), 6);
  });

  it('judges the gap both ways: far faster on Docker is not OK either', () => {
    const rows = (dk: number[]) =>
      comparisonRows(result('namespaces', [1800, 1800]), result('docker', dk))[0]![3] as string;
    expect(rows([1750, 1750])).toMatch(/^-50 ms ±0 OK$/);
    expect(rows([1650, 1650])).toMatch(/FASTER$/);
    expect(rows([1950, 1950])).toMatch(/SLOWER$/);
  });

  it('holds clients back for power-off, but leaves every kind one for the other faults', () => {
    const byKind = new Map<ClientKind, string[]>([
      ['ws', ['w1', 'w2', 'w3', 'w4']],
      ['sse', ['s1', 's2']],
      ['tcp', ['t1']],
    ]);
    const held = holdBackForPowerOff(byKind, 3);
    expect(Object.fromEntries(held)).toEqual({ ws: ['w2', 'w3', 'w4'], sse: ['s2'], tcp: [] });
    expect(Object.fromEntries(byKind)).toEqual({ ws: ['w1'], sse: ['s1'], tcp: ['t1'] });
  });
});
