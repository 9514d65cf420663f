import { afterEach, describe, expect, it } from 'vitest';
import { SimDriver } from '../hardware/drivers/sim.js';
import { loadBoard } from '../hardware/load-board.js';
import type { Actor } from './actor.js';
import { createController, type Controller, type FailsafeReport, type OperationEvent } from './controller.js';
import type { LineState } from './line-state.js';

// One command lifecycle, on a real controller and the sim driver: pending -> confirmed | failed
// | unknown, unknown -> confirmed (applied late) | failed; never failed and then applied.

const board = loadBoard('sim');
const alice: Actor = { user: 'alice', role: 'operator', sessionId: 'a1', remote: '10.0.0.1' };

let controller: Controller;
let driver: SimDriver;
let ops: OperationEvent[];

async function setup(o: { latencyMs?: number; timeoutMs: number; holdMs?: number }): Promise<void> {
  driver = new SimDriver({ latencyMs: o.latencyMs ?? 0 });
  controller = await createController({
    board,
    driver,
    commandTimeoutMs: o.timeoutMs,
    ...(o.holdMs !== undefined ? { unknownHoldMs: o.holdMs } : {}),
  });
  ops = [];
  controller.on('operation', (e) => ops.push(e));
}

afterEach(async () => {
  for (const l of board.lines) if (l.direction === 'out') driver.injectFault(l.name, null);
  await controller?.close();
});

const line = (name: string): LineState => controller.state().lines.find((l) => l.name === name)!;
const statuses = () => ops.map((o) => (o.late ? `${o.status} late` : o.status));
const rows = (name: string) => controller.audit.query({ line: name }).reverse();
const nextOp = (status: string) =>
  new Promise<OperationEvent>((resolve) => {
    const on = (e: OperationEvent) => {
      if (e.status !== status) return;
      controller.off('operation', on);
      resolve(e);
    };
    controller.on('operation', on);
  });

describe('command lifecycle', () => {
  it('pending -> confirmed: the value shown is the read-back, one audit row', async () => {
    await setup({ latencyMs: 10, timeoutMs: 500 });
    const result = await controller.operate(alice, 'heater', 1);
    expect(result.late).toBeUndefined();
    expect(statuses()).toEqual(['pending', 'confirmed']);
    expect(line('heater')).toMatchObject({ value: 1, unknown: null, mismatch: null, fault: null });
    expect(rows('heater').map((r) => r.result)).toEqual(['confirmed']);
  });

  it('pending -> failed: a driver error, the line shows what it reads', async () => {
    await setup({ timeoutMs: 500 });
    driver.injectFault('heater', { kind: 'error', message: 'bus error' });
    await expect(controller.operate(alice, 'heater', 1)).rejects.toMatchObject({ code: 'DRIVER_ERROR' });
    expect(statuses()).toEqual(['pending', 'failed']);
    expect(line('heater')).toMatchObject({ value: 0, pending: null, fault: { code: 'DRIVER_ERROR' } });
    expect(rows('heater').map((r) => [r.result, r.error])).toEqual([['failed', 'DRIVER_ERROR']]);
  });

  it('pending -> failed: an acknowledged write the line does not hold is a mismatch, shown as such', async () => {
    await setup({ timeoutMs: 500 });
    driver.injectFault('heater', { kind: 'no-effect' });
    await expect(controller.operate(alice, 'heater', 1)).rejects.toMatchObject({ code: 'READBACK_MISMATCH' });
    expect(statuses()).toEqual(['pending', 'failed']);
    expect(ops[1]).toMatchObject({ readBack: 0, error: { code: 'READBACK_MISMATCH' } });
    expect(line('heater')).toMatchObject({
      value: 0,
      mismatch: { wanted: 1 },
      fault: { code: 'READBACK_MISMATCH' },
    });
    expect(rows('heater')).toMatchObject([
      { result: 'failed', error: 'READBACK_MISMATCH', detail: { readBack: 0 } },
    ]);
    // The next write that the line holds clears the mismatch.
    driver.injectFault('heater', null);
    await controller.operate(alice, 'heater', 1);
    expect(line('heater')).toMatchObject({ value: 1, mismatch: null, fault: null });
  });

  it('pending -> unknown -> confirmed: slower hardware than the timeout is "applied late", never failed', async () => {
    // The case scaled down: latency 3 s, timeout 2 s -> 120 ms and 80 ms.
    await setup({ latencyMs: 120, timeoutMs: 80, holdMs: 1000 });
    const p = controller.operate(alice, 'heater', 1);
    const unknown = await nextOp('unknown');
    expect(unknown).toMatchObject({ error: { code: 'COMMAND_TIMEOUT' } });
    expect(line('heater')).toMatchObject({ value: 0, pending: 1, unknown: { value: 1 }, fault: null });
    const result = await p;
    expect(result).toMatchObject({ late: true, timedOutAt: unknown.timedOutAt });
    expect(statuses()).toEqual(['pending', 'unknown', 'confirmed late']);
    expect(line('heater')).toMatchObject({
      value: 1,
      pending: null,
      unknown: null,
      fault: null,
      lastChangedBy: { user: 'alice', late: true },
    });
    // One row for the one outcome, saying it was late.
    expect(rows('heater')).toMatchObject([
      { result: 'confirmed', error: null, detail: { late: true, timedOutAt: unknown.timedOutAt } },
    ]);
  });

  it('pending -> unknown -> failed: the hardware refuses after the timeout', async () => {
    await setup({ timeoutMs: 40, holdMs: 1000 });
    driver.injectFault('heater', { kind: 'stuck' });
    const p = controller.operate(alice, 'heater', 1);
    await nextOp('unknown');
    driver.injectFault('heater', null); // releases the held write...
    driver.injectFault('heater', { kind: 'error', message: 'relay driver fault' }); // ...into an error
    await expect(p).rejects.toMatchObject({ code: 'DRIVER_ERROR' });
    expect(statuses()).toEqual(['pending', 'unknown', 'failed late']);
    expect(driver.peek('heater')).toBe(0);
    expect(rows('heater')).toMatchObject([
      { result: 'failed', error: 'DRIVER_ERROR', detail: { late: true } },
    ]);
  });

  it('unknown past the hold: one "unknown" row, the next command runs, the late answer settles it', async () => {
    await setup({ timeoutMs: 30, holdMs: 30 });
    driver.injectFault('pump', { kind: 'stuck' });
    await expect(controller.operate(alice, 'pump', 1)).rejects.toMatchObject({
      code: 'COMMAND_TIMEOUT',
      details: { outcome: 'unknown' },
    });
    expect(line('pump')).toMatchObject({ value: 0, unknown: { value: 1 } });
    expect(rows('pump').map((r) => r.result)).toEqual(['unknown']);
    const late = nextOp('confirmed');
    driver.injectFault('pump', null);
    expect(await late).toMatchObject({ late: true, value: 1 });
    expect(line('pump')).toMatchObject({ value: 1, unknown: null, lastChangedBy: { late: true } });
    expect(rows('pump').map((r) => [r.result, r.detail?.late ?? null])).toEqual([
      ['unknown', null],
      ['confirmed', true],
    ]);
    expect(statuses()).toEqual(['pending', 'unknown', 'confirmed late']);
  });

  it('a command of a dead session that lands late still meets the failsafe', async () => {
    await setup({ timeoutMs: 30, holdMs: 30 });
    driver.injectFault('pump', { kind: 'stuck' });
    await expect(controller.operate(alice, 'pump', 1)).rejects.toMatchObject({ code: 'COMMAND_TIMEOUT' });
    // alice dies while her command is unknown: nothing is armed yet, nothing to make safe.
    expect(await controller.sessionDied('a1', { lastHeardAt: Date.now() })).toEqual([]);
    const failsafe = new Promise<FailsafeReport>((resolve) => controller.once('failsafe', resolve));
    driver.injectFault('pump', null); // the write lands: pump ON for a dead session...
    expect(await failsafe).toMatchObject({ line: 'pump', sessionId: 'a1', result: 'confirmed' });
    expect(driver.peek('pump')).toBe(0); // ...and the failsafe turns it off again
    expect(line('pump')).toMatchObject({ value: 0 });
  });

  it('a session that resumed within its grace owns its late command again: no second failsafe', async () => {
    await setup({ timeoutMs: 30, holdMs: 30 });
    driver.injectFault('pump', { kind: 'stuck' });
    await expect(controller.operate(alice, 'pump', 1)).rejects.toMatchObject({ code: 'COMMAND_TIMEOUT' });
    expect(await controller.sessionDied('a1', { lastHeardAt: Date.now() })).toEqual([]);
    controller.sessionResumed('a1'); // back with the same resume token
    const failsafes: FailsafeReport[] = [];
    controller.on('failsafe', (r) => failsafes.push(r));
    const late = nextOp('confirmed');
    driver.injectFault('pump', null);
    expect(await late).toMatchObject({ late: true, value: 1 });
    await new Promise((r) => setTimeout(r, 50));
    expect(failsafes).toEqual([]);
    expect(driver.peek('pump')).toBe(1);
  });

  it('a session handed over (ended in order): its heir holds its locks and answers for its lines', async () => {
    await setup({ timeoutMs: 500 });
    controller.takeLock(alice, ['pump']);
    await controller.operate(alice, 'pump', 1);
    controller.sessionHandedOver('a1', 'a2');
    // Nothing is driven safe by the handover, and the first session's death is now harmless.
    expect(await controller.sessionDied('a1', { lastHeardAt: Date.now() })).toEqual([]);
    expect(controller.locks()).toEqual([expect.objectContaining({ user: 'alice', sessionId: 'a2' })]);
    expect(driver.peek('pump')).toBe(1);
    // A later command sent under the old session still arms the line for the heir.
    await controller.operate(alice, 'heater', 1);
    const reports = await controller.sessionDied('a2', { lastHeardAt: Date.now() });
    expect(reports.map((r) => [r.line, r.sessionId, r.result]).sort()).toEqual([
      ['heater', 'a2', 'confirmed'],
      ['pump', 'a2', 'confirmed'],
    ]);
    expect(controller.locks()).toEqual([]);
    expect([driver.peek('pump'), driver.peek('heater')]).toEqual([0, 0]);
  });

  it('never reports failed and then applies: every command follows an allowed path', async () => {
    await setup({ latencyMs: 60, timeoutMs: 40, holdMs: 200 });
    await Promise.allSettled([
      controller.operate(alice, 'heater', 1),
      controller.operate(alice, 'heater', 0),
      controller.operate(alice, 'pump', 1),
    ]);
    const byId = new Map<string, string[]>();
    for (const o of ops) byId.set(o.id, [...(byId.get(o.id) ?? []), o.status]);
    for (const path of byId.values())
      expect(['pending,confirmed', 'pending,unknown,confirmed']).toContain(path.join());
    expect(driver.peek('heater')).toBe(0);
    expect(line('heater').value).toBe(0);
  });
});
