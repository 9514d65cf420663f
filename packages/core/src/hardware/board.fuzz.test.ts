import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PulseboardError } from '../errors.js';
import { fuzzParams, mutated, nastyString } from '../testing/fuzz.js';
import { parseBoard } from './load-board.js';

// Fuzz (issue 12): a board file, however broken, loads or fails with BOARD_INVALID; never a
// TypeError or a hang.

const sim = readFileSync(new URL('../../boards/sim.json', import.meta.url), 'utf8');
const yamlBoard =
  'name: x\ndriver: sim\nlines:\n  - name: pump\n    direction: out\n    location: { line: 3 }\n';

/** Any JSON value, deep enough to reach every field the schema looks at. */
const jsonValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.integer(),
    nastyString(12),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(
      fc.constantFrom(
        'name',
        'lines',
        'direction',
        'location',
        'safeValue',
        'pulseMs',
        'chip',
        'driver',
        'line',
        'activeLow',
        'failsafe',
        '__proto__',
        'constructor',
      ),
      tie('value'),
      { maxKeys: 6 },
    ),
  ),
})).value;

const boardLike = fc.record(
  {
    name: fc.oneof(fc.constant('x'), nastyString(10)),
    driver: fc.oneof(fc.constant('sim'), nastyString(6)),
    lines: fc.array(
      fc.record(
        {
          name: fc.oneof(fc.constant('pump'), nastyString(80)),
          direction: fc.constantFrom('out', 'in', 'sideways'),
          location: jsonValue,
          safeValue: jsonValue,
        },
        { requiredKeys: [] },
      ),
      { maxLength: 5 },
    ),
  },
  { requiredKeys: [] },
);

function loadsOrRefuses(text: string): void {
  try {
    const board = parseBoard(text, 'fuzz.json');
    expect(Array.isArray(board.lines)).toBe(true);
  } catch (err) {
    expect(err).toBeInstanceOf(PulseboardError);
    expect((err as PulseboardError).code).toBe('BOARD_INVALID');
  }
}

describe('board file fuzz', () => {
  it('found by the fuzzer: an unresolved YAML alias is BOARD_INVALID, not a ReferenceError', () => {
    expect(() => parseBoard('name: x\nlines: *nowhere\n')).toThrow(PulseboardError);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(() => parseBoard(bomb)).toThrow(PulseboardError);
  });

  it('arbitrary text, mutated boards and board-shaped JSON load or fail with BOARD_INVALID', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nastyString(300),
          mutated([sim, yamlBoard], 20),
          jsonValue.map((v) => JSON.stringify(v) ?? ''),
          boardLike.map((b) => JSON.stringify(b)),
        ),
        loadsOrRefuses,
      ),
      fuzzParams(300),
    );
  });
});
