import { describe, expect, it } from 'vitest';
import { CommandQueue } from './command-queue.js';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe('CommandQueue', () => {
  it('runs commands to one line in order, one at a time', async () => {
    const queue = new CommandQueue();
    const log: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const job = (name: string, ms: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      log.push(`start ${name}`);
      await sleep(ms);
      log.push(`end ${name}`);
      running--;
    };
    // Later commands are shorter, so any overlap would reorder the "end" entries.
    await Promise.all([
      queue.enqueue('pump', job('a', 30), { timeoutMs: 1000 }),
      queue.enqueue('pump', job('b', 10), { timeoutMs: 1000 }),
      queue.enqueue('pump', job('c', 1), { timeoutMs: 1000 }),
    ]);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
    expect(maxRunning).toBe(1);
  });

  it('runs different lines in parallel', async () => {
    const queue = new CommandQueue();
    // Both commands must have started before either finished: order, not wall-clock time.
    const log: string[] = [];
    const step = (name: string) => async () => {
      log.push(`start ${name}`);
      await sleep(50);
      log.push(`end ${name}`);
    };
    await Promise.all([
      queue.enqueue('pump', step('pump'), { timeoutMs: 1000 }),
      queue.enqueue('heater', step('heater'), { timeoutMs: 1000 }),
    ]);
    expect(log.slice(0, 2).sort()).toEqual(['start heater', 'start pump']);
  });

  it('fails a command with COMMAND_TIMEOUT and moves on to the next', async () => {
    const queue = new CommandQueue();
    const hung = queue.enqueue('pump', () => new Promise<void>(() => {}), { timeoutMs: 30 });
    const next = queue.enqueue('pump', async () => {}, { timeoutMs: 30 });
    await expect(hung).rejects.toMatchObject({
      code: 'COMMAND_TIMEOUT',
      details: { line: 'pump', timeoutMs: 30 },
    });
    await expect(next).resolves.toBeUndefined();
  });

  it('passes a failing command through and keeps going', async () => {
    const queue = new CommandQueue();
    const bad = queue.enqueue('pump', async () => Promise.reject(new Error('boom')), { timeoutMs: 100 });
    const good = queue.enqueue('pump', async () => {}, { timeoutMs: 100 });
    await expect(bad).rejects.toThrow('boom');
    await expect(good).resolves.toBeUndefined();
  });

  it('puts a front command before queued ones, after the running one', async () => {
    const queue = new CommandQueue();
    const order: string[] = [];
    const mk = (n: string) => async () => {
      order.push(n);
      await sleep(5);
    };
    const all = [
      queue.enqueue('pump', mk('running'), { timeoutMs: 500 }),
      queue.enqueue('pump', mk('queued'), { timeoutMs: 500 }),
      queue.enqueue('pump', mk('safe'), { timeoutMs: 500, front: true }),
    ];
    await Promise.all(all);
    expect(order).toEqual(['running', 'safe', 'queued']);
  });

  it('cancels queued commands, all or one owner only', async () => {
    const queue = new CommandQueue();
    const ran: string[] = [];
    const mk = (n: string) => async () => {
      ran.push(n);
      await sleep(5);
    };
    const first = queue.enqueue('pump', mk('first'), { timeoutMs: 500, owner: 's1' });
    const mine = queue.enqueue('pump', mk('mine'), { timeoutMs: 500, owner: 's1' });
    const theirs = queue.enqueue('pump', mk('theirs'), { timeoutMs: 500, owner: 's2' });
    expect(queue.cancelQueued('pump', 'session died', 's1')).toBe(1);
    await expect(mine).rejects.toMatchObject({ code: 'COMMAND_CANCELLED' });
    await Promise.all([first, theirs]);
    expect(ran).toEqual(['first', 'theirs']);
    expect(() => queue.enqueue('pump', mk('x'), { timeoutMs: 0 })).toThrow(
      new TypeError('CommandQueue: timeoutMs must be > 0'),
    );
    await queue.idle();
  });
});
