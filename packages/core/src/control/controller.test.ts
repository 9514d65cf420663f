import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PulseboardError } from '../errors.js';
import { loadBoard } from '../hardware/load-board.js';
import { openAuditStore, type AuditStore } from '../store/audit.js';
import { openDatabase } from '../store/sqlite.js';
import { SimDriver } from '../hardware/drivers/sim.js';
import type { Actor } from './actor.js';
import { createController, type Controller, type FailsafeReport, type OperationEvent } from './controller.js';
import type { LineState } from './line-state.js';

// The shipped sim board, with a short pulse so the momentary test stays quick.
const board = loadBoard('sim');
board.lines = board.lines.map((l) => (l.name === 'door-strike' ? { ...l, pulseMs: 80 } : l));
const alice: Actor = { user: 'alice', role: 'operator', sessionId: 'a1', remote: '10.0.0.1' };
const bob: Actor = { user: 'bob', role: 'operator', sessionId: 'b1', remote: '10.0.0.2' };
const root: Actor = { user: 'root', role: 'admin', sessionId: 'r1', remote: '10.0.0.3' };
const eve: Actor = { user: 'eve', role: 'viewer', sessionId: 'e1', remote: '10.0.0.4' };

let controller: Controller;
let driver: SimDriver;

async function setup(latencyMs = 0, commandTimeoutMs = 500, store?: AuditStore): Promise<Controller> {
  driver = new SimDriver({ latencyMs });
  controller = await createController({ board, driver, commandTimeoutMs, ...(store ? { store } : {}) });
  return controller;
}

const stores: AuditStore[] = [];
afterEach(async () => {
  driver.injectFault('pump', null);
  await controller?.close();
  for (const store of stores.splice(0)) await store.close();
});

const line = (name: string): LineState => controller.state().lines.find((l) => l.name === name)!;

describe('controller.operate', () => {
  it('starts from values read from the hardware', async () => {
    await setup();
    expect(line('vent-fan')).toMatchObject({ value: 1, pending: null, lastChangedBy: null });
    expect(line('pump').value).toBe(0);
  });

  it('shows pending, then confirms only when the driver acknowledged', async () => {
    await setup(40);
    const ops: OperationEvent[] = [];
    controller.on('operation', (e) => ops.push(e));
    const p = controller.operate(alice, 'pump', 1);
    expect(line('pump')).toMatchObject({ value: 0, pending: 1 });
    expect(ops.map((o) => o.status)).toEqual(['pending']);
    const result = await p;
    expect(driver.peek('pump')).toBe(1);
    expect(line('pump')).toMatchObject({
      value: 1,
      pending: null,
      lastChangedBy: { user: 'alice', sessionId: 'a1' },
    });
    expect(ops.map((o) => o.status)).toEqual(['pending', 'confirmed']);
    expect(result.durationMs).toBeGreaterThanOrEqual(35);
    const [record] = controller.audit.query({ line: 'pump' });
    expect(record).toMatchObject({
      user: 'alice',
      sessionId: 'a1',
      remote: '10.0.0.1',
      oldValue: 0,
      newValue: 1,
      result: 'confirmed',
    });
  });

  it('reports driver errors as DRIVER_ERROR', async () => {
    await setup();
    driver.injectFault('heater', { kind: 'error' });
    await expect(controller.operate(alice, 'heater', 1)).rejects.toMatchObject({ code: 'DRIVER_ERROR' });
    driver.injectFault('heater', null);
  });

  it('refuses viewers, unknown lines and inputs, and audits the refusal', async () => {
    await setup();
    await expect(controller.operate(eve, 'pump', 1)).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
    await expect(controller.operate(alice, 'nope', 1)).rejects.toMatchObject({ code: 'LINE_UNKNOWN' });
    await expect(controller.operate(alice, 'estop-button', 1)).rejects.toMatchObject({
      code: 'LINE_NOT_OUTPUT',
    });
    expect(controller.audit.query({ user: 'eve' })[0]).toMatchObject({
      result: 'denied',
      error: 'FORBIDDEN_ROLE',
    });
    expect(driver.peek('pump')).toBe(0);
  });

  it('pulses a momentary line on, then off, confirming both', async () => {
    await setup();
    const values: (0 | 1 | null)[] = [];
    controller.on('state', (s) => s.name === 'door-strike' && values.push(s.value));
    const t0 = performance.now();
    await controller.operate(alice, 'door-strike', 1);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(75);
    expect(values).toContain(1);
    expect(line('door-strike').value).toBe(0);
    expect(driver.peek('door-strike')).toBe(0);
  });
});

describe('controller ordering', () => {
  it('confirms commands to one line in the order they were accepted; the last one wins', async () => {
    await setup(10);
    const confirmed: number[] = [];
    controller.on(
      'operation',
      (e) => e.status === 'confirmed' && e.line === 'lights' && confirmed.push(e.value),
    );
    await Promise.all([
      controller.operate(alice, 'lights', 1),
      controller.operate(bob, 'lights', 0),
      controller.operate(alice, 'lights', 1),
    ]);
    expect(confirmed).toEqual([1, 0, 1]);
    expect(line('lights')).toMatchObject({ value: 1, pending: null, lastChangedBy: { user: 'alice' } });
    // old -> new as each command found the line when it ran, not when it was queued.
    const changes = controller.audit.query({ line: 'lights' }).map((r) => [r.oldValue, r.newValue]);
    expect(changes.reverse()).toEqual([
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    const csv = controller.audit.csv({ line: 'lights' });
    expect(csv.trimEnd().split('\r\n')).toHaveLength(4);
  });
});

describe('controller lock rules', () => {
  it('viewers cannot take control; unknown lines are named', async () => {
    await setup();
    expect(() => controller.takeLock(eve)).toThrow(expect.objectContaining({ code: 'FORBIDDEN_ROLE' }));
    expect(() => controller.takeLock(alice, ['pump', 'nope'])).toThrow(
      expect.objectContaining({ code: 'LINE_UNKNOWN' }),
    );
    expect(controller.locks()).toEqual([]);
  });

  it('an admin is blocked by a lock until taking it over explicitly', async () => {
    await setup();
    controller.takeLock(alice, ['pump']);
    await expect(controller.operate(root, 'pump', 1)).rejects.toMatchObject({ code: 'LOCK_HELD' });
    controller.takeLock(root, ['pump']);
    await controller.operate(root, 'pump', 1);
    await expect(controller.operate(alice, 'pump', 0)).rejects.toMatchObject({ code: 'LOCK_HELD' });
    expect(controller.audit.query({ user: 'root' }).map((r) => r.action)).toEqual([
      'operate',
      'lock',
      'takeover',
      'operate',
    ]);
  });

  it('with no lock any operator operates; a lock blocks other users until released', async () => {
    await setup();
    await controller.operate(bob, 'lights', 1);
    const events: string[] = [];
    controller.on('lock', (e) => events.push(`${e.type}:${e.lock.user}:${e.locks.length}`));
    controller.takeLock(alice, ['lights']);
    await expect(controller.operate(bob, 'lights', 0)).rejects.toMatchObject({ code: 'LOCK_HELD' });
    await controller.operate(bob, 'pump', 1); // not covered
    await controller.operate({ ...alice, sessionId: 'a2' }, 'lights', 0);
    controller.releaseLock(alice);
    await controller.operate(bob, 'lights', 1);
    expect(events).toEqual(['taken:alice:1', 'released:alice:0']);
  });

  it('an admin takes over; the lock dies with its session only when dead', async () => {
    await setup();
    controller.takeLock(alice);
    const events: string[] = [];
    controller.on('lock', (e) => events.push(e.type));
    controller.takeLock(root);
    expect(events).toEqual(['takeover', 'taken']);
    await controller.sessionDied('r1', { lastHeardAt: Date.now() });
    expect(events).toEqual(['takeover', 'taken', 'session-dead']);
    expect(controller.locks()).toEqual([]);
  });

  it('allSafe is never blocked by a lock and cancels queued commands', async () => {
    await setup(20);
    controller.takeLock(alice);
    await controller.operate(alice, 'pump', 1);
    await controller.operate(alice, 'vent-fan', 0);
    // allSettled right away: the cancelled ones reject before the test awaits them.
    const queued = Promise.allSettled([
      controller.operate(alice, 'heater', 1),
      controller.operate(alice, 'heater', 0),
      controller.operate(alice, 'heater', 1),
    ]);
    const report = await controller.allSafe('shutdown');
    const settled = await queued;
    expect(
      settled.filter((s) => s.status === 'rejected').map((s) => (s as PromiseRejectedResult).reason.code),
    ).toEqual(['COMMAND_CANCELLED', 'COMMAND_CANCELLED']);
    expect(report.lines.every((l) => l.result === 'confirmed')).toBe(true);
    for (const l of board.lines.filter((x) => x.direction === 'out'))
      expect(driver.peek(l.name)).toBe(l.safeValue);
    expect(controller.audit.query({ user: 'system' }).filter((r) => r.action === 'all-safe')).toHaveLength(5);
  });
});

describe('controller failsafe', () => {
  it('returns the lines a dead session switched on to their safe value and reports the latency', async () => {
    await setup(30);
    await controller.operate(alice, 'pump', 1);
    await controller.operate(alice, 'vent-fan', 0); // safeValue 1
    await controller.operate(alice, 'lights', 1); // not failsafe
    await controller.operate(bob, 'heater', 1); // bob's, bob lives
    const emitted: FailsafeReport[] = [];
    controller.on('failsafe', (r) => emitted.push(r));
    const lastHeardAt = Date.now() - 1000;
    const reports = await controller.sessionDied('a1', { lastHeardAt, cause: 'pong-timeout' });
    expect(reports.map((r) => r.line).sort()).toEqual(['pump', 'vent-fan']);
    expect(emitted).toHaveLength(2);
    for (const r of reports) {
      expect(r.result).toBe('confirmed');
      expect(r.faultToSafeMs).toBe(r.safeAt! - lastHeardAt);
      expect(r.faultToSafeMs).toBeGreaterThanOrEqual(1000 + 25);
      expect(r.detectToSafeMs).toBeGreaterThanOrEqual(25);
    }
    expect(driver.peek('pump')).toBe(0);
    expect(driver.peek('vent-fan')).toBe(1);
    expect(driver.peek('lights')).toBe(1);
    expect(driver.peek('heater')).toBe(1);
    const audit = controller.audit.query({ line: 'pump' })[0];
    expect(audit).toMatchObject({
      action: 'failsafe',
      user: 'system',
      detail: { deadSession: 'a1', cause: 'pong-timeout' },
    });
  });

  it('a line another session took over afterwards belongs to that session', async () => {
    await setup();
    await controller.operate(alice, 'pump', 1);
    await controller.operate(bob, 'pump', 1);
    expect(await controller.sessionDied('a1', { lastHeardAt: Date.now() })).toEqual([]);
    expect(driver.peek('pump')).toBe(1);
    expect((await controller.sessionDied('b1', { lastHeardAt: Date.now() })).map((r) => r.line)).toEqual([
      'pump',
    ]);
  });

  it('a command the dead session still had in flight or queued cannot re-arm the line', async () => {
    await setup(30);
    const inflight = controller.operate(alice, 'pump', 1);
    const queued = controller.operate(alice, 'pump', 1).catch((err: unknown) => err);
    const reports = await controller.sessionDied('a1', { lastHeardAt: Date.now() });
    expect(await queued).toMatchObject({ code: 'COMMAND_CANCELLED' });
    await inflight;
    expect(reports.map((r) => r.line)).toEqual(['pump']);
    expect(driver.peek('pump')).toBe(0);
    expect(line('pump')).toMatchObject({ value: 0, pending: null });
  });

  it('reports a failsafe that the hardware did not confirm as failed, and allSafe still does the rest', async () => {
    await setup(0, 40);
    await controller.operate(alice, 'pump', 1);
    await controller.operate(alice, 'heater', 1);
    driver.injectFault('pump', { kind: 'error', message: 'relay welded' });
    const reports = await controller.sessionDied('a1', { lastHeardAt: Date.now() });
    const byLine = Object.fromEntries(reports.map((r) => [r.line, r]));
    expect(byLine.pump).toMatchObject({
      result: 'failed',
      safeAt: null,
      faultToSafeMs: null,
      error: 'relay welded',
    });
    expect(byLine.heater).toMatchObject({ result: 'confirmed' });
    const all = await controller.allSafe('shutdown');
    expect(all.lines.filter((l) => l.result === 'failed')).toEqual([
      { line: 'pump', result: 'failed', error: 'relay welded' },
    ]);
  });

  it('a session that set the line back to safe itself leaves nothing to do', async () => {
    await setup();
    await controller.operate(alice, 'pump', 1);
    await controller.operate(alice, 'pump', 0);
    expect(await controller.sessionDied('a1', { lastHeardAt: Date.now() })).toEqual([]);
  });
});

describe('controller inputs', () => {
  it('turns input edges into confirmed state events', async () => {
    await setup();
    const states: LineState[] = [];
    controller.on('state', (s) => states.push(s));
    driver.simulateInput('door-contact', 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(states.at(-1)).toMatchObject({ name: 'door-contact', value: 1 });
  });
});

describe('controller audit on disk (writer thread)', () => {
  it('emits confirmed only after the audit row is committed, and the loop runs meanwhile', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pb-ctl-audit-')), 'audit.db');
    const store = openAuditStore(path);
    await setup(0, 500, store);
    await controller.operate(alice, 'lights', 1); // writer up
    const blocker = openDatabase(path);
    blocker.exec('BEGIN IMMEDIATE'); // the commit cannot finish until the test says so
    const ops: string[] = [];
    const rowsAtConfirm: number[] = [];
    controller.on('operation', (e) => {
      ops.push(e.status);
      if (e.status === 'confirmed') rowsAtConfirm.push(store.query({ line: 'pump' }).length);
    });
    const p = controller.operate(alice, 'pump', 1);
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 5)); // timers keep firing
    expect(driver.peek('pump')).toBe(1); // the hardware did it...
    expect(ops).toEqual(['pending']); // ...but nobody is told until the row is on disk
    expect(line('pump')).toMatchObject({ value: 1, pending: 1 });
    blocker.exec('COMMIT');
    blocker.close();
    await p;
    expect(ops).toEqual(['pending', 'confirmed']);
    expect(rowsAtConfirm).toEqual([1]);
    expect(line('pump')).toMatchObject({ value: 1, pending: null });
    stores.push(store); // closed after the controller, in afterEach
  });

  it('fails an operator command with STORE_ERROR when its row cannot be stored; failsafe stays confirmed', async () => {
    const storeError = new PulseboardError('STORE_ERROR', 'audit: write failed: disk I/O error');
    const broken: AuditStore = {
      append: () => Promise.reject(storeError),
      query: () => [],
      close: () => Promise.resolve(),
      ready: () => Promise.resolve(),
      stats: { commits: 0, records: 0 },
    };
    await setup(0, 500, broken);
    const ops: { status: string; code?: string }[] = [];
    controller.on('operation', (e) =>
      ops.push({ status: e.status, ...(e.error ? { code: e.error.code } : {}) }),
    );
    await expect(controller.operate(alice, 'pump', 1)).rejects.toMatchObject({
      code: 'STORE_ERROR',
      status: 503,
      message: 'audit: write failed: disk I/O error',
    });
    expect(ops).toEqual([{ status: 'pending' }, { status: 'failed', code: 'STORE_ERROR' }]);
    // The hardware changed, so the confirmed value follows it; the fault says why it failed.
    expect(line('pump')).toMatchObject({ value: 1, pending: null, fault: { code: 'STORE_ERROR' } });
    await expect(controller.operate(eve, 'pump', 0)).rejects.toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect(controller.takeLock(alice, ['pump']).user).toBe('alice'); // logged, not thrown
    const reports = await controller.sessionDied('a1', { lastHeardAt: Date.now() });
    expect(reports).toMatchObject([{ line: 'pump', result: 'confirmed' }]);
    expect(driver.peek('pump')).toBe(0);
  });

  it('a real writer that cannot commit in time fails the operation with STORE_ERROR, no hang', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'pb-ctl-audit-')), 'audit.db');
    const store = openAuditStore(path, { timeoutMs: 150 });
    stores.push(store);
    await store.ready(); // the timeout counts from append(), so let the thread start first
    await setup(0, 500, store);
    await controller.operate(alice, 'lights', 1);
    const blocker = openDatabase(path);
    blocker.exec('BEGIN IMMEDIATE');
    try {
      await expect(controller.operate(alice, 'pump', 1)).rejects.toMatchObject({
        code: 'STORE_ERROR',
        message: 'audit: write not committed within 150 ms (slow or stuck disk)',
      });
      expect(line('pump')).toMatchObject({ value: 1, pending: null, fault: { code: 'STORE_ERROR' } });
    } finally {
      blocker.exec('ROLLBACK');
      blocker.close();
    }
  });
});
