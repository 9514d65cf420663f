import { spawn, type ChildProcess } from 'node:child_process';
import { GpioSim } from '@pulseboard/vm/gpio-sim';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createController } from '../../control/controller.js';
import type { LineState } from '../../control/line-state.js';
import type { Board } from '../board.js';
import type { InputEdge, LineFault } from '../driver.js';
import { parseBoard } from '../load-board.js';
import { GpioCdevDriver } from './gpio-cdev.js';

// The gpio-cdev driver against a real kernel GPIO chip: gpio-sim, in the test VM
// (packages/vm; `npm test` runs this file there). The chip's sysfs attributes are the
// "hardware": `value` is what a line physically carries, `pull` drives an input.

const lineNames = ['RELAY1', 'RELAY2', 'BUTTON', 'DOOR', 'FAST', 'SPARE'];
let chipCount = 0;
let sim: GpioSim;
let driver: GpioCdevDriver | undefined;

function board(lines: unknown[], extra: Record<string, unknown> = {}): Board {
  return parseBoard(
    JSON.stringify({ name: 'vm', driver: 'gpio-cdev', chip: sim.options.label, lines, ...extra }),
  );
}

const out = (name: string, line: string, extra: Record<string, unknown> = {}) => ({
  name,
  label: name,
  direction: 'out',
  location: { line },
  ...extra,
});
const input = (name: string, line: string, extra: Record<string, unknown> = {}) => ({
  name,
  label: name,
  direction: 'in',
  location: { line },
  ...extra,
});

async function until(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

beforeEach(() => {
  chipCount += 1;
  sim = GpioSim.create(`cdev-test-${chipCount}`, { label: `sim-${chipCount}`, lines: lineNames });
});

afterEach(async () => {
  await driver?.close();
  driver = undefined;
  sim.remove();
});

// Another program holding one line (consumer "other-app") until killed.
const holderScript = `
import { GpioCdevDriver } from '@pulseboard/core/hardware/drivers/gpio-cdev';
const [chip, line] = process.argv.slice(1);
const held = { name: 'held', label: 'Held', direction: 'out', location: { line }, activeLow: false, failsafe: false, safeValue: 0 };
await new GpioCdevDriver({ consumer: 'other-app' }).open({ name: 'holder', driver: 'gpio-cdev', chip, lines: [held] });
process.stdout.write('holding\\n');
setInterval(() => {}, 60_000);
`;

describe('GpioCdevDriver on gpio-sim', () => {
  it('drives outputs: up at their safe value, then each write changes only its line', async () => {
    driver = new GpioCdevDriver();
    sim.pull('RELAY2', 'pull-up'); // a released line would float high: the request must override it
    await driver.open(board([out('pump', 'RELAY1'), out('heater', 'RELAY2', { failsafe: true })]));
    expect([sim.value('RELAY1'), sim.value('RELAY2')]).toEqual([0, 0]);
    await driver.write('pump', 1);
    expect([sim.value('RELAY1'), sim.value('RELAY2')]).toEqual([1, 0]);
    await driver.write('heater', 1);
    await driver.write('pump', 0);
    expect([sim.value('RELAY1'), sim.value('RELAY2')]).toEqual([0, 1]);
    expect(await driver.read('heater')).toBe(1);
  });

  it('inverts active-low lines: logical 1 is a low pin, safe value 1 starts low', async () => {
    driver = new GpioCdevDriver();
    await driver.open(
      board([
        out('fan', 'RELAY1', { activeLow: true, failsafe: true, safeValue: 1 }),
        input('estop', 'BUTTON', { activeLow: true }),
      ]),
    );
    expect(sim.value('RELAY1')).toBe(0);
    expect(await driver.read('fan')).toBe(1);
    await driver.write('fan', 0);
    expect(sim.value('RELAY1')).toBe(1);
    sim.drive('BUTTON', 0); // pressed: pulled low
    expect(await driver.read('estop')).toBe(1);
    sim.drive('BUTTON', 1);
    expect(await driver.read('estop')).toBe(0);
  });

  it('reads inputs as their pull sets them', async () => {
    driver = new GpioCdevDriver();
    await driver.open(board([input('door', 'DOOR'), input('button', 'BUTTON')]));
    sim.drive('DOOR', 1);
    sim.drive('BUTTON', 0);
    expect([await driver.read('door'), await driver.read('button')]).toEqual([1, 0]);
    sim.drive('DOOR', 0);
    sim.drive('BUTTON', 1);
    expect([await driver.read('door'), await driver.read('button')]).toEqual([0, 1]);
  });

  it("applies an input's bias through the chip: pull-up reads 1 with nothing driving it", async () => {
    driver = new GpioCdevDriver();
    await driver.open(
      board([input('button', 'BUTTON', { bias: 'pull-up' }), input('door', 'DOOR', { bias: 'pull-down' })]),
    );
    expect([sim.value('BUTTON'), sim.value('DOOR')]).toEqual([1, 0]);
    expect([await driver.read('button'), await driver.read('door')]).toEqual([1, 0]);
  });

  it('delivers rising and falling edges with kernel timestamps, none missed', async () => {
    driver = new GpioCdevDriver({ pollTimeoutMs: 50 });
    sim.drive('BUTTON', 1); // released (active low)
    await driver.open(board([input('door', 'DOOR'), input('estop', 'BUTTON', { activeLow: true })]));
    const edges: InputEdge[] = [];
    driver.onEdge((e) => edges.push(e));
    sim.drive('DOOR', 1);
    await until(() => edges.length === 1, 'the rising edge');
    sim.drive('DOOR', 0);
    sim.drive('BUTTON', 0); // active low: logical rising
    await until(() => edges.length === 3, 'three edges');
    expect(edges.map((e) => [e.line, e.edge, e.value, e.missed])).toEqual([
      ['door', 'rising', 1, 0],
      ['door', 'falling', 0, 0],
      ['estop', 'rising', 1, 0],
    ]);
    const [a, b] = edges.map((e) => e.timestampNs!);
    expect(b! > a!).toBe(true);
  });

  it('debounces in the kernel: a burst of bounces is one edge on the debounced line', async () => {
    driver = new GpioCdevDriver({ pollTimeoutMs: 50 });
    await driver.open(board([input('clean', 'BUTTON', { debounceMs: 100 }), input('raw', 'FAST')]));
    const edges: InputEdge[] = [];
    driver.onEdge((e) => edges.push(e));
    // Ten level changes within a few milliseconds on both lines, ending high.
    for (let i = 0; i < 10; i++) {
      sim.drive('BUTTON', i % 2 === 0 ? 1 : 0);
      sim.drive('FAST', i % 2 === 0 ? 1 : 0);
    }
    sim.drive('BUTTON', 1);
    sim.drive('FAST', 1);
    await until(() => edges.filter((e) => e.line === 'raw').length >= 11, 'the raw edges');
    await until(() => edges.some((e) => e.line === 'clean'), 'the debounced edge');
    await new Promise((r) => setTimeout(r, 300)); // anything late would show up by now
    expect(edges.filter((e) => e.line === 'clean').map((e) => e.edge)).toEqual(['rising']);
    expect(edges.filter((e) => e.line === 'raw')).toHaveLength(11);
    expect(await driver.read('clean')).toBe(1);
  });

  it('reports an event-buffer overflow as missed events', async () => {
    driver = new GpioCdevDriver({ pollTimeoutMs: 50, eventBufferSize: 4 });
    await driver.open(board([input('raw', 'FAST')]));
    const edges: InputEdge[] = [];
    driver.onEdge((e) => edges.push(e));
    // The event loop is busy here, so nothing is read while 40 edges arrive: the kernel
    // keeps the newest few, and the sequence numbers show how many it dropped.
    for (let i = 0; i < 40; i++) sim.drive('FAST', i % 2 === 0 ? 1 : 0);
    await until(
      () => edges.length > 0 && edges.length + edges.reduce((n, e) => n + e.missed, 0) === 40,
      'all 40 edges accounted for',
    );
    const missed = edges.reduce((n, e) => n + e.missed, 0);
    expect(missed).toBeGreaterThanOrEqual(30);
    expect(edges.length).toBeLessThanOrEqual(10);
    expect(edges.at(-1)!.value).toBe(0); // the last edge (i = 39: low) is never the one dropped
  });

  describe('a line already requested by another process', () => {
    let holder: ChildProcess | undefined;
    afterEach(() => {
      holder?.kill('SIGKILL');
      holder = undefined;
    });

    it('refuses with an error naming the consumer and the process holding it', async () => {
      // Plain node on the built driver: a tsx child takes tens of seconds on the VM's emulated CPU.
      holder = spawn(
        process.execPath,
        ['--input-type=module', '-e', holderScript, sim.options.label, 'RELAY2'],
        {
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      await new Promise<void>((resolve, reject) => {
        holder!.stdout!.on('data', (d: Buffer) => d.toString().includes('holding') && resolve());
        holder!.on('exit', (code) => reject(new Error(`holder exited (${code})`)));
      });
      driver = new GpioCdevDriver();
      const opening = driver.open(board([out('pump', 'RELAY1'), out('heater', 'RELAY2')]));
      await expect(opening).rejects.toMatchObject({ code: 'DRIVER_ERROR' });
      await expect(opening).rejects.toThrow(
        new RegExp(
          `heater is used by "other-app"; processes holding GPIO lines: node \\(pid ${holder.pid}\\)`,
        ),
      );
      // Nothing half-claimed: the free line was not kept either.
      holder.kill('SIGKILL');
      await new Promise((r) => holder!.on('exit', r));
      await driver.open(board([out('pump', 'RELAY1'), out('heater', 'RELAY2')]));
      await driver.write('heater', 1);
      expect(sim.value('RELAY2')).toBe(1);
    });
  });

  it('marks every line of a removed chip failed, tells the controller, and does not crash', async () => {
    driver = new GpioCdevDriver({ pollTimeoutMs: 50 });
    const b = board([out('pump', 'RELAY1', { failsafe: true }), input('door', 'DOOR'), out('lamp', 'SPARE')]);
    const controller = await createController({ board: b, driver });
    const faults: LineFault[] = [];
    driver.onFault((f) => faults.push(f));
    const states: LineState[] = [];
    controller.on('state', (s) => states.push(s));
    await controller.operate({ user: 'ann', role: 'operator', sessionId: 's1', remote: 'test' }, 'pump', 1);
    expect(sim.value('RELAY1')).toBe(1);

    sim.setLive(false);
    await until(() => faults.length === 1, 'the fault report');
    expect(faults[0]!.lines.sort()).toEqual(['door', 'lamp', 'pump']);
    expect(faults[0]!.error.message).toMatch(
      new RegExp(`chip ${sim.options.label} \\(/dev/gpiochip\\d+\\) stopped answering`),
    );
    for (const line of controller.state().lines) {
      expect(line.value).toBeNull();
      expect(line.fault).toMatchObject({ code: 'DRIVER_ERROR' });
    }
    expect(
      states
        .filter((s) => s.fault)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['door', 'lamp', 'pump']);
    // Commands on the dead chip fail cleanly and the process carries on.
    await expect(
      controller.operate({ user: 'ann', role: 'operator', sessionId: 's1', remote: 'test' }, 'lamp', 1),
    ).rejects.toMatchObject({ code: 'DRIVER_ERROR' });
    const report = await controller.allSafe('test');
    expect(report.lines.map((l) => l.result)).toEqual(['failed', 'failed']);
    await controller.close();
    driver = undefined;
  });
});
