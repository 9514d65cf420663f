import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PulseboardError } from '../errors.js';
import { loadBoard, parseBoard } from './load-board.js';

function issuesOf(fn: () => unknown): { path: string; line?: number; message: string }[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(PulseboardError);
    expect((err as PulseboardError).code).toBe('BOARD_INVALID');
    return (err as PulseboardError).details?.issues as never;
  }
  throw new Error('expected BOARD_INVALID');
}

describe('loadBoard', () => {
  it('loads the shipped sim board with failsafe relays, a pulse line and an input', () => {
    const board = loadBoard('sim');
    expect(board.name).toBe('sim');
    const byName = new Map(board.lines.map((l) => [l.name, l]));
    expect(byName.get('pump')).toMatchObject({ direction: 'out', failsafe: true, safeValue: 0 });
    expect(byName.get('door-strike')?.pulseMs).toBeGreaterThan(0);
    expect(byName.get('estop-button')).toMatchObject({ direction: 'in', activeLow: true });
    expect(board.lines.filter((l) => l.failsafe).length).toBeGreaterThanOrEqual(2);
  });

  it('loads a YAML file by path and applies defaults', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-board-'));
    const file = join(dir, 'rig.yaml');
    writeFileSync(file, 'name: rig\nlines:\n  - name: lamp\n    label: Lamp\n    direction: out\n');
    const board = loadBoard(file);
    expect(board.driver).toBe('sim');
    expect(board.lines[0]).toMatchObject({ activeLow: false, failsafe: false, safeValue: 0 });
  });

  it('loads the shipped gpio-cdev example (YAML, lines on two chips)', () => {
    const board = loadBoard(fileURLToPath(new URL('../../boards/example-pi.yaml', import.meta.url)));
    expect(board.driver).toBe('gpio-cdev');
    expect(board.lines.find((l) => l.name === 'lights')?.location).toEqual({ chip: 'mcp23017', line: 0 });
  });

  it("loads the Raspberry Pi 4 and 5 boards: the same lines by name, on each model's chip", () => {
    const [pi4, pi5] = ['pi4', 'pi5'].map((n) =>
      loadBoard(fileURLToPath(new URL(`../../boards/${n}.yaml`, import.meta.url))),
    );
    expect([pi4!.chip, pi5!.chip]).toEqual(['pinctrl-bcm2711', 'pinctrl-rp1']);
    expect(pi5!.lines).toEqual(pi4!.lines);
    expect(pi4!.lines.find((l) => l.name === 'estop-button')).toMatchObject({
      location: { line: 'GPIO17' },
      activeLow: true,
      bias: 'pull-up',
    });
  });

  it('carries a title for people and each line’s own words for its values', () => {
    const board = loadBoard('sim');
    expect(board.title).toBe('Simulated bench');
    expect(board.lines.find((l) => l.name === 'door-contact')?.states).toEqual({ on: 'Closed', off: 'Open' });
    expect(board.lines.find((l) => l.name === 'pump')?.states).toBeUndefined();
    const half =
      'name: rig\nlines:\n  - name: door\n    label: Door\n    direction: in\n    states: { on: Closed }\n';
    expect(issuesOf(() => parseBoard(half)).map((i) => i.path)).toEqual(['lines[0].states.off']);
  });

  it('refuses bias on an output', () => {
    expect(() =>
      parseBoard(
        JSON.stringify({ name: 'b', lines: [{ name: 'a', label: 'A', direction: 'out', bias: 'pull-up' }] }),
      ),
    ).toThrow(/lines\[0\]\.bias.*only valid for an input line/);
  });

  it('names a missing file', () => {
    expect(() => loadBoard('/nonexistent/board.json')).toThrow(/no such board file/);
  });
});

describe('parseBoard errors', () => {
  it('gives the field path and YAML line of a bad value', () => {
    const yaml = [
      'name: rig', //            1
      'lines:', //               2
      '  - name: lamp', //       3
      '    label: Lamp', //      4
      '    direction: out', //   5
      '  - name: pump', //       6
      '    label: Pump', //      7
      '    direction: out', //   8
      '    safeValue: 2', //     9
    ].join('\n');
    const issues = issuesOf(() => parseBoard(yaml, 'rig.yaml'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'lines[1].safeValue', line: 9 });
    expect(() => parseBoard(yaml, 'rig.yaml')).toThrow(/rig\.yaml:\n {2}lines\[1\]\.safeValue \(line 9\)/);
  });

  it('places a missing field on the object that lacks it', () => {
    const json = '{\n  "name": "rig",\n  "lines": [\n    { "name": "lamp", "direction": "out" }\n  ]\n}';
    expect(issuesOf(() => parseBoard(json))).toEqual([
      expect.objectContaining({ path: 'lines[0].label', line: 4 }),
    ]);
  });

  it('rejects duplicate names, output-only options on inputs and unknown keys', () => {
    const board = {
      name: 'rig',
      lines: [
        { name: 'lamp', label: 'Lamp', direction: 'out' },
        { name: 'lamp', label: 'Lamp 2', direction: 'out' },
        { name: 'btn', label: 'Button', direction: 'in', failsafe: true },
        { name: 'fan', label: 'Fan', direction: 'out', colour: 'red' },
      ],
    };
    const paths = issuesOf(() => parseBoard(JSON.stringify(board, null, 2))).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['lines[1].name', 'lines[2].failsafe', 'lines[3]']));
  });

  it('requires a location with a chip for gpio-cdev boards', () => {
    const board = {
      name: 'pi',
      driver: 'gpio-cdev',
      lines: [
        { name: 'lamp', label: 'Lamp', direction: 'out' },
        { name: 'fan', label: 'Fan', direction: 'out', location: { line: 'GPIO17' } },
      ],
    };
    const paths = issuesOf(() => parseBoard(JSON.stringify(board))).map((i) => i.path);
    expect(paths).toEqual(['lines[0].location', 'lines[1].location.chip']);
    expect(() =>
      parseBoard(JSON.stringify({ ...board, chip: 'gpiochip0', lines: [board.lines[1]] })),
    ).not.toThrow();
  });

  it('reports YAML syntax errors with their line', () => {
    const issues = issuesOf(() => parseBoard('name: rig\nlines:\n  - name: [unclosed\n'));
    expect(issues[0]?.line).toBeGreaterThanOrEqual(3);
  });
});
