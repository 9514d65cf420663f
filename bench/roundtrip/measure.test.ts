import { describe, expect, it } from 'vitest';
import { evenChunks, measureRounds, withTimeout, type RoundTripPath } from './measure.js';

const fixed = (ms: number, log: string[], key: string): RoundTripPath => ({
  run: async (value) => {
    log.push(`${key}${value}`);
    return ms;
  },
});

describe('measureRounds', () => {
  it('splits counts into even chunks so each round leaves the line where it found it', () => {
    expect(evenChunks(300, 3)).toEqual([100, 100, 100]);
    expect(evenChunks(10, 4)).toEqual([4, 4, 4, 4]);
    expect(evenChunks(0, 2)).toEqual([0, 0]);
  });

  it('interleaves the paths per round, alternates 1/0 and drops the warmup', async () => {
    const log: string[] = [];
    const out = await measureRounds(
      [
        { key: 'a', path: fixed(1, log, 'a') },
        { key: 'b', path: fixed(2, log, 'b') },
      ],
      { iterations: 4, warmup: 2, rounds: 2, budgetMs: 10_000, timeoutMs: 1000 },
    );
    // per round: 2 warmup + 2 measured for a, then the same for b
    expect(log.join(' ')).toBe('a1 a0 a1 a0 b1 b0 b1 b0 a1 a0 a1 a0 b1 b0 b1 b0');
    expect(out.get('a')).toMatchObject({
      samples: [1, 1, 1, 1],
      truncated: false,
      summary: { n: 4, p95: 1 },
    });
    expect(out.get('b')!.summary.p50).toBe(2);
  });

  it('stops a path when its time budget is spent and says so', async () => {
    let t = 0;
    const path: RoundTripPath = { run: async () => ((t += 10), 10) };
    const out = await measureRounds([{ key: 'slow', path }], {
      iterations: 100,
      warmup: 0,
      rounds: 1,
      budgetMs: 35,
      timeoutMs: 1000,
      now: () => t,
    });
    expect(out.get('slow')).toMatchObject({ truncated: true, summary: { n: 4 } });
  });

  it('fails a round trip that never completes instead of hanging', async () => {
    const never: RoundTripPath = { run: () => new Promise(() => {}) };
    await expect(
      measureRounds([{ key: 'lost', path: never }], {
        iterations: 2,
        warmup: 0,
        rounds: 1,
        budgetMs: 1000,
        timeoutMs: 20,
      }),
    ).rejects.toThrow('lost round trip: no result within 20 ms');
    await expect(withTimeout(Promise.resolve(7), 20, 'x')).resolves.toBe(7);
  });

  it('validates its options with exact messages', async () => {
    const o = { iterations: 1, warmup: 0, rounds: 1, budgetMs: 1, timeoutMs: 1 };
    await expect(measureRounds([], { ...o, iterations: 0 })).rejects.toThrow(
      new TypeError('options.iterations must be a positive integer'),
    );
    await expect(measureRounds([], { ...o, warmup: -1 })).rejects.toThrow(
      new TypeError('options.warmup must be an integer >= 0'),
    );
    await expect(measureRounds([], { ...o, rounds: 1.5 })).rejects.toThrow(
      new TypeError('options.rounds must be a positive integer'),
    );
    await expect(measureRounds([], { ...o, budgetMs: 0 })).rejects.toThrow(
      new TypeError('options.budgetMs must be > 0'),
    );
  });
});
