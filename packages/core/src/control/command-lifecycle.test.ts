import { describe, expect, it } from 'vitest';
import { PulseboardError } from '../errors.js';
import { CommandLifecycle, outcomeOf, type CommandStatus } from './command-lifecycle.js';

function at(path: CommandStatus[]): CommandLifecycle {
  const life = new CommandLifecycle('c1');
  path.forEach((status, i) => life.to(status, 100 + i));
  return life;
}

describe('CommandLifecycle: every transition', () => {
  it('pending -> confirmed', () => {
    const life = at(['confirmed']);
    expect(life).toMatchObject({ status: 'confirmed', settled: true, timedOutAt: null });
  });

  it('pending -> failed', () => {
    expect(at(['failed'])).toMatchObject({ status: 'failed', settled: true });
  });

  it('pending -> unknown keeps the time it went unknown and is not settled', () => {
    expect(at(['unknown'])).toMatchObject({ status: 'unknown', settled: false, timedOutAt: 100 });
  });

  it('unknown -> confirmed (applied late)', () => {
    expect(at(['unknown', 'confirmed'])).toMatchObject({ status: 'confirmed', timedOutAt: 100 });
  });

  it('unknown -> failed (the hardware said no, late)', () => {
    expect(at(['unknown', 'failed'])).toMatchObject({ status: 'failed', timedOutAt: 100 });
  });

  it.each([
    [['failed'], 'confirmed'],
    [['failed'], 'unknown'],
    [['confirmed'], 'failed'],
    [['confirmed'], 'unknown'],
    [['unknown'], 'unknown'],
    [['unknown'], 'pending'],
    [[], 'pending'],
  ] as [CommandStatus[], CommandStatus][])('refuses %j -> %s (it would contradict a report)', (path, to) => {
    const life = at(path);
    expect(() => life.to(to, 999)).toThrow(`-> ${to} is not allowed`);
    expect(life.status).toBe(path.at(-1) ?? 'pending');
  });
});

describe('outcomeOf: the read-back decides', () => {
  it('confirms an acknowledged write the line holds', () => {
    expect(outcomeOf('pump', 1, { ok: true, readBack: 1 })).toEqual({ status: 'confirmed', value: 1 });
  });

  it('fails an acknowledged write the line does not hold (READBACK_MISMATCH)', () => {
    const o = outcomeOf('pump', 1, { ok: true, readBack: 0 });
    expect(o).toMatchObject({
      status: 'failed',
      error: { code: 'READBACK_MISMATCH', details: { line: 'pump', wanted: 1, readBack: 0 } },
    });
  });

  it('takes the acknowledgement when the line cannot be read back', () => {
    expect(outcomeOf('pump', 0, { ok: true, readBack: null })).toEqual({ status: 'confirmed', value: 0 });
  });

  it('fails a write the driver refused, whatever the line reads', () => {
    const error = new PulseboardError('DRIVER_ERROR', 'bus error');
    expect(outcomeOf('pump', 1, { ok: false, error, readBack: 1 })).toEqual({ status: 'failed', error });
  });
});
