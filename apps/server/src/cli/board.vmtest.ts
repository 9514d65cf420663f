import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GpioSim } from '@pulseboard/vm/gpio-sim';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GpioCdevDriver } from '@pulseboard/core/hardware/drivers/gpio-cdev';
import { loadBoard } from '@pulseboard/core/hardware/load-board';
import { main } from '../cli.js';

// `pulseboard board check` against real kernel GPIO chips (gpio-sim, in the test VM).

let sim: GpioSim;
beforeEach(() => {
  sim = GpioSim.create('board-check', {
    label: 'pulseboard-sim',
    lines: ['RELAY1', 'RELAY2', 'RELAY3', 'RELAY4', 'STRIKE', 'ESTOP', 'DOOR'],
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  sim.remove();
});

function capture() {
  const out: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  return () => out.join('');
}

describe('pulseboard board check on gpio-sim', () => {
  it('lists every chip and line like gpioinfo', async () => {
    const output = capture();
    expect(await main(['board', 'check'])).toBe(0);
    expect(output()).toContain(`${sim.chipName} "pulseboard-sim" (7 lines)`);
    expect(output()).toMatch(/line +6: "DOOR" +unused +input/);
  });

  it('passes a board whose lines are all present and free', async () => {
    const output = capture();
    expect(await main(['board', 'check', 'packages/core/boards/gpio-sim.json'])).toBe(0);
    expect(output()).toMatch(new RegExp(`ok +pump +${sim.chipName}:0 "RELAY1"`));
    expect(output()).toContain('Every line is present and free.');
  });

  it('names a line held by another program and a line that does not exist', async () => {
    const holder = new GpioCdevDriver({ consumer: 'other-app' });
    const board = loadBoard('packages/core/boards/gpio-sim.json');
    await holder.open({ ...board, lines: board.lines.filter((l) => l.name === 'heater') });
    const dir = mkdtempSync(join(tmpdir(), 'pb-board-'));
    const file = join(dir, 'board.json');
    const lines = board.lines.map((l) => (l.name === 'lights' ? { ...l, location: { line: 'RELAY9' } } : l));
    writeFileSync(file, JSON.stringify({ ...board, lines }));
    const output = capture();
    try {
      expect(await main(['board', 'check', file])).toBe(1);
    } finally {
      await holder.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect(output()).toMatch(new RegExp(`busy +heater +${sim.chipName}:1 "RELAY2" is used by "other-app"`));
    expect(output()).toMatch(/missing +lights +no line named "RELAY9" on pulseboard-sim/);
    expect(output()).toMatch(new RegExp(`ok +pump +${sim.chipName}:0 "RELAY1"`));
    expect(output()).toContain('2 problems.');
  });

  it.each([
    ['pi4', 'pinctrl-bcm2711'],
    ['pi5', 'pinctrl-rp1'],
  ])('passes the shipped %s board on a chip labelled and named like it (%s)', async (file, label) => {
    const header = ['ID_SDA', 'ID_SCL', ...Array.from({ length: 26 }, (_, i) => `GPIO${i + 2}`)];
    const pi = GpioSim.create(`${file}-header`, { label, lines: header });
    const output = capture();
    try {
      expect(await main(['board', 'check', `packages/core/boards/${file}.yaml`])).toBe(0);
    } finally {
      pi.remove();
    }
    expect(output()).toMatch(new RegExp(`ok +estop-button +${pi.chipName}:17 "GPIO17"`));
  });
});
