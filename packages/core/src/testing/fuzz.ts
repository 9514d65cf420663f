import fc from 'fast-check';

/**
 * The fuzz suite's settings (issue 12). In `npm test` / CI: a fixed seed and few runs, so the
 * suite is short and a failure reproduces. `npm run fuzz` sets FUZZ_RUNS (more runs) and
 * FUZZ_SEED (random unless given); a failing run prints its seed and path to replay.
 */
export function fuzzParams(ciRuns: number): fc.Parameters<unknown> {
  const runs = Number(process.env.FUZZ_RUNS ?? ciRuns);
  const seed = process.env.FUZZ_SEED;
  return {
    numRuns: Number.isInteger(runs) && runs > 0 ? runs : ciRuns,
    seed:
      seed === undefined
        ? 20_261_201
        : seed === 'random'
          ? Date.now() ^ (Math.random() * 2 ** 31)
          : Number(seed),
    verbose: 1,
  };
}

/** A test timeout for a fuzz property: generous in CI, none worth hitting in a long run. */
export function fuzzTimeoutMs(): number {
  return process.env.FUZZ_RUNS ? 6 * 3_600_000 : 120_000;
}

/** Characters an attacker likes: controls, quotes, separators, percent signs, brackets, non-ASCII. */
export const nastyChar = fc.oneof(
  fc.constantFrom(...'\u0000\t\r\n "\'\\,;:=%[]{}<>/?#@&*+-~|`$^!\u007f\u0085\u00a0\u200b\u202e\ufeff'),
  fc.string({ minLength: 1, maxLength: 1 }),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

/** A string mostly of nasty characters, up to `max` long. */
export const nastyString = (max = 64) => fc.array(nastyChar, { maxLength: max }).map((cs) => cs.join(''));

/** Strings that look almost right: a valid example with bytes inserted, removed or replaced. */
export const mutated = (examples: string[], max = 64) =>
  fc
    .tuple(fc.constantFrom(...examples), fc.nat(), fc.nat({ max: 8 }), nastyString(max))
    .map(([s, at, cut, insert]) => {
      const i = s.length === 0 ? 0 : at % (s.length + 1);
      return s.slice(0, i) + insert + s.slice(i + cut);
    });
