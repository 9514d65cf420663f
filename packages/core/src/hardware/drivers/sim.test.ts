import { afterEach, describe, expect, it } from 'vitest';
import { loadBoard } from '../load-board.js';
import type { InputEdge } from '../driver.js';
import { SimDriver } from './sim.js';

const board = loadBoard('sim');
let driver: SimDriver;

afterEach(async () => {
  await driver?.close();
});

async function open(latencyMs = 0): Promise<SimDriver> {
  driver = new SimDriver({ latencyMs });
  await driver.open(board);
  return driver;
}

describe('SimDriver', () => {
  it('validates its options with an exact message', () => {
    expect(() => new SimDriver({ latencyMs: -1 })).toThrow(
      new TypeError('SimDriver: latencyMs must be a finite number >= 0'),
    );
  });

  it('powers outputs up at their safe value', async () => {
    await open();
    expect(await driver.read('pump')).toBe(0);
    expect(await driver.read('vent-fan')).toBe(1);
  });

  it('acknowledges a write only after the actuation latency', async () => {
    await open(60);
    const t0 = performance.now();
    const write = driver.write('pump', 1);
    expect(driver.peek('pump')).toBe(0);
    await write;
    expect(performance.now() - t0).toBeGreaterThanOrEqual(55);
    expect(driver.peek('pump')).toBe(1);
  });

  it('holds writes on a stuck line until the fault clears', async () => {
    await open();
    driver.injectFault('heater', { kind: 'stuck' });
    let done = false;
    const write = driver.write('heater', 1).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toBe(false);
    driver.injectFault('heater', null);
    await write;
    expect(driver.peek('heater')).toBe(1);
  });

  it('acknowledges writes that change nothing under a no-effect fault (read-back tells)', async () => {
    await open();
    driver.injectFault('heater', { kind: 'no-effect' });
    await driver.write('heater', 1);
    expect(await driver.read('heater')).toBe(0);
    driver.injectFault('heater', null);
    await driver.write('heater', 1);
    expect(await driver.read('heater')).toBe(1);
  });

  it('fails writes with DRIVER_ERROR under an error fault', async () => {
    await open();
    driver.injectFault('pump', { kind: 'error', message: 'relay coil open' });
    await expect(driver.write('pump', 1)).rejects.toMatchObject({
      code: 'DRIVER_ERROR',
      message: 'relay coil open',
    });
  });

  it('rejects writes to inputs and unknown lines', async () => {
    await open();
    await expect(driver.write('estop-button', 1)).rejects.toMatchObject({ code: 'LINE_NOT_OUTPUT' });
    await expect(driver.write('nope', 1)).rejects.toMatchObject({ code: 'LINE_UNKNOWN' });
  });

  it('debounces simulated inputs: only the settled value produces an edge', async () => {
    await open();
    const edges: InputEdge[] = [];
    driver.onEdge((e) => edges.push(e));
    // estop-button has debounceMs 20: a bounce 1-0-1 inside it is one rising edge.
    driver.simulateInput('estop-button', 1);
    driver.simulateInput('estop-button', 0);
    driver.simulateInput('estop-button', 1);
    expect(edges).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 40));
    expect(edges).toEqual([
      expect.objectContaining({ line: 'estop-button', value: 1, edge: 'rising', missed: 0 }),
    ]);
    expect(await driver.read('estop-button')).toBe(1);
  });
});
