import { describe, expect, it } from 'vitest';
import { parseBoard } from '../hardware/load-board.js';
import { LineStateTable } from './line-state.js';

const board = parseBoard(
  JSON.stringify({ name: 'b', lines: [{ name: 'pump', label: 'Pump', direction: 'out', failsafe: true }] }),
);
const by = { user: 'alice', sessionId: 'a1', at: 1 };

describe('LineStateTable', () => {
  it('starts unknown and shows the latest outstanding command as pending', () => {
    const t = new LineStateTable(board);
    expect(t.get('pump')).toMatchObject({
      value: null,
      pending: null,
      failsafe: true,
      safeValue: 0,
      pulseMs: null,
    });
    t.begin('pump', 'c1', 1);
    expect(t.begin('pump', 'c2', 0).pending).toBe(0);
    t.confirm('pump', 1, by);
    // c1 settled: c2 (value 0) is still outstanding, so pending stays 0.
    expect(t.settle('pump', 'c1')).toMatchObject({ value: 1, pending: 0, lastChangedBy: by });
    expect(t.settle('pump', 'c2').pending).toBeNull();
  });

  it('records a fault on failure and clears it on the next confirmation', () => {
    const t = new LineStateTable(board);
    t.begin('pump', 'c1', 1);
    const fault = { code: 'COMMAND_TIMEOUT', message: 'late', at: 5 };
    expect(t.settle('pump', 'c1', fault)).toMatchObject({ pending: null, fault });
    expect(t.confirm('pump', 0, null)).toMatchObject({ value: 0, fault: null, lastChangedBy: null });
  });

  it('hands out copies, never its own objects', () => {
    const t = new LineStateTable(board);
    const s = t.get('pump')!;
    s.value = 1;
    expect(t.get('pump')!.value).toBeNull();
  });
});
