import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli.js';

// Parts of `pulseboard board check` that need no GPIO chip; against real chips: board.vmtest.ts.

const dir = mkdtempSync(join(tmpdir(), 'pb-board-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out: () => out.join(''), err: () => err.join('') };
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('pulseboard board check', () => {
  it('accepts a simulated board without touching hardware', async () => {
    const io = capture();
    expect(await main(['board', 'check', 'packages/core/boards/sim.json'])).toBe(0);
    expect(io.out()).toBe(
      'Board "sim" (packages/core/boards/sim.json): valid; it uses the simulated driver, so there is no hardware to check.\n',
    );
  });

  it('names every invalid field with its line, exit 1', async () => {
    const io = capture();
    const path = file(
      'bad.yaml',
      'name: x\ndriver: gpio-cdev\nlines:\n  - name: a\n    label: A\n    direction: sideways\n',
    );
    expect(await main(['board', 'check', path])).toBe(1);
    expect(io.err()).toContain('lines[0].direction (line 6)');
    expect(io.err()).toMatch(/^pulseboard board check: Invalid board .*bad\.yaml:\n/);
  });

  it('reports every line missing when there are no chips', async () => {
    const io = capture();
    const dev = mkdtempSync(join(dir, 'dev-'));
    expect(await main(['board', 'check', 'packages/core/boards/gpio-sim.json', '--dev', dev])).toBe(1);
    expect(io.out()).toContain(`No GPIO chips in ${dev}.`);
    expect(io.out()).toMatch(/missing +pump +no GPIO chip "pulseboard-sim" \(found: none\)/);
    expect(io.out()).toContain('7 problems.');
  });

  it('refuses unknown subcommands and arguments in one line', async () => {
    const io = capture();
    expect(await main(['board', 'list'])).toBe(2);
    expect(await main(['board', 'check', 'a', 'b'])).toBe(2);
    expect(io.err()).toBe(
      "pulseboard board: unknown subcommand 'list' (try: pulseboard board --help)\npulseboard board check: unexpected argument 'b'\n",
    );
  });
});
