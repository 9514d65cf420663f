import { afterEach, describe, expect, it } from 'vitest';
import { loadBoard } from '../hardware/load-board.js';
import { SimDriver } from '../hardware/drivers/sim.js';
import { openAuditStore, type AuditStore } from '../store/audit.js';
import type { Actor } from './actor.js';
import {
  createController,
  type Controller,
  type ControllerOptions,
  type OperationEvent,
} from './controller.js';

// Issue 12 rows 5 and 7: a user (or a viewer) who floods operations can neither starve the
// lock holder nor fill the disk.

const board = loadBoard('sim');
const alice: Actor = { user: 'alice', role: 'operator', sessionId: 'a1', remote: '10.0.0.1' };
const bob: Actor = { user: 'bob', role: 'operator', sessionId: 'b1', remote: '10.0.0.2' };
const eve: Actor = { user: 'eve', role: 'viewer', sessionId: 'e1', remote: '10.0.0.4' };

let controller: Controller | undefined;
let store: AuditStore | undefined;
afterEach(async () => {
  await controller?.close();
  await store?.close();
  controller = undefined;
});

async function setup(latencyMs: number, extra: Partial<ControllerOptions> = {}): Promise<Controller> {
  // A store of the test's own, so it can be read after the controller closed.
  store = openAuditStore(':memory:');
  controller = await createController({ board, driver: new SimDriver({ latencyMs }), store, ...extra });
  return controller;
}

const settle = (ps: Promise<unknown>[]) => Promise.allSettled(ps);
const codes = (rs: PromiseSettledResult<unknown>[]) =>
  rs.map((r) => (r.status === 'fulfilled' ? 'ok' : (r.reason as { code: string }).code));

describe('row 5: queue bound, operation rate, lock cancels queued commands', () => {
  it('bounds the commands waiting on one line', async () => {
    const c = await setup(20, { operationRate: { perSec: 1000, burst: 1000 }, maxQueuedPerLine: 16 });
    const results = codes(
      await settle(Array.from({ length: 40 }, (_, i) => c.operate(bob, 'lights', (i % 2) as 0 | 1))),
    );
    // One runs, sixteen wait, the rest are refused at once.
    expect(results.filter((r) => r === 'ok')).toHaveLength(17);
    expect(results.filter((r) => r === 'QUEUE_FULL')).toHaveLength(23);
  });

  it('limits operations per user, not per connection', async () => {
    const c = await setup(0, { operationRate: { perSec: 10, burst: 20 }, maxQueuedPerLine: 100 });
    const results = codes(await settle(Array.from({ length: 30 }, () => c.operate(bob, 'lights', 1))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(20);
    expect(results.filter((r) => r === 'RATE_LIMITED')).toHaveLength(10);
    // Another user is not affected.
    await expect(c.operate(alice, 'lights', 0)).resolves.toMatchObject({ value: 0 });
  });

  it("taking a lock fails other users' queued commands with LOCK_TAKEN; the holder waits for one at most", async () => {
    const c = await setup(50, { operationRate: { perSec: 1000, burst: 1000 } });
    const failed: OperationEvent[] = [];
    c.on('operation', (e) => e.status === 'failed' && failed.push(e));
    const bobs = Array.from({ length: 10 }, (_, i) => c.operate(bob, 'lights', (i % 2) as 0 | 1));
    const bobsSettled = settle(bobs);
    const own = c.operate(alice, 'pump', 1); // another line: untouched
    c.takeLock(alice, ['lights']);
    const started = Date.now();
    await c.operate(alice, 'lights', 1);
    // Bob's running command finishes first (<= 50 ms), none of his queued ones run after.
    expect(Date.now() - started).toBeLessThan(400);
    const results = codes(await bobsSettled);
    expect(results[0]).toBe('ok');
    expect(results.slice(1)).toEqual(Array(9).fill('LOCK_TAKEN'));
    expect(failed.filter((e) => e.error?.code === 'LOCK_TAKEN')).toHaveLength(9);
    await expect(own).resolves.toMatchObject({ line: 'pump' });
    expect(c.state().lines.find((l) => l.name === 'lights')).toMatchObject({
      value: 1,
      lastChangedBy: { user: 'alice' },
    });
    expect(
      c.audit.query({ user: 'bob', line: 'lights' }).filter((r) => r.error === 'LOCK_TAKEN'),
    ).toHaveLength(9);
  });
});

describe('row 7: what a refused operation leaves in the audit log', () => {
  it('records nothing for a name that is no line, and refuses names over 64 characters', async () => {
    const c = await setup(0);
    await expect(c.operate(eve, 'x'.repeat(5000), 1)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(c.operate(eve, 'no-such-line', 1)).rejects.toMatchObject({ code: 'LINE_UNKNOWN' });
    await expect(c.operate(alice, `=1+cmd|' /C calc'!A0`, 1)).rejects.toMatchObject({ code: 'LINE_UNKNOWN' });
    await c.close();
    expect(c.audit.query()).toEqual([]);
  });

  it('coalesces a flood of the same refusal into a few rows that count it', async () => {
    const c = await setup(0);
    const results = codes(await settle(Array.from({ length: 500 }, () => c.operate(eve, 'pump', 1))));
    expect(results.every((r) => r === 'FORBIDDEN_ROLE' || r === 'RATE_LIMITED')).toBe(true);
    await c.close(); // writes the counts of the open windows
    const rows = c.audit.query({ user: 'eve' });
    expect(rows.length).toBeLessThanOrEqual(4);
    const total = rows.reduce(
      (n, r) => n + (typeof r.detail?.repeated === 'number' ? r.detail.repeated : 1),
      0,
    );
    expect(total).toBe(500);
  });
});
