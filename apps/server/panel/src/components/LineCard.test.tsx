import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LineState } from '../data/types.js';
import { lineState } from '../test/wire.js';
import { LineCard } from './LineCard.js';

const line = (l: Partial<LineState>): LineState =>
  lineState({ name: 'pump', label: 'Coolant pump', value: 1, ...l });

const now = Date.parse('2026-12-01T18:00:00Z');

function tile(l: Partial<LineState>, blockedBy: string | null = null, onSet = (_v: 0 | 1) => {}) {
  render(
    <ul>
      <LineCard line={line(l)} blockedBy={blockedBy} now={now} pendingSince={null} onSet={onSet} />
    </ul>,
  );
  return screen.getByTestId(`line-${l.name ?? 'pump'}`);
}

describe('LineCard', () => {
  afterEach(cleanup);

  it('a switch: big state, who and how long ago (absolute time on hover), failsafe in words', () => {
    const sets: number[] = [];
    const t = tile(
      { failsafe: true, lastChangedBy: { user: 'alice', sessionId: 's', at: now - 120_000 } },
      null,
      (v) => sets.push(v),
    );
    expect(screen.getByTestId('line-pump-value').textContent).toBe('ON');
    expect(screen.getByTestId('line-pump-by').textContent).toBe('By alice 2 min ago');
    expect(t.querySelector('time')?.getAttribute('title')).toMatch(/2026/);
    expect(screen.getByTestId('line-pump-failsafe').textContent).toBe('Goes OFF if its operator drops');
    const sw = screen.getByRole('switch', { name: 'Coolant pump Turn OFF' });
    expect(sw.getAttribute('aria-checked')).toBe('true');
    fireEvent.click(sw);
    expect(sets).toEqual([0]);
  });

  it('uses the board file’s own words for its values', () => {
    tile({ name: 'door', direction: 'in', value: 1, states: { on: 'Closed', off: 'Open' } });
    expect(screen.getByTestId('line-door-value').textContent).toBe('Closed');
  });

  it('an input is a sensor: no button, no switch', () => {
    tile({ name: 'door', label: 'Door', direction: 'in', value: 0 });
    expect(screen.getByTestId('line-door').textContent).toContain('Sensor');
    expect(screen.queryByRole('button')).toBeNull();
    expect(screen.queryByRole('switch')).toBeNull();
  });

  it('a momentary output is a Pulse button (not a switch) and shows the pulse running', () => {
    tile({
      name: 'strike',
      label: 'Door strike',
      pulseMs: 1500,
      value: 1,
      states: { on: 'Unlocked', off: 'Locked' },
    });
    expect(screen.queryByRole('switch')).toBeNull();
    expect(screen.getByRole('button', { name: 'Pulse 1.5 s' })).toBeTruthy();
    expect(screen.getByTestId('line-strike-value').textContent).toBe('Unlocked — pulsing');
    expect(screen.getByTestId('line-strike').querySelector('.pulse-bar')).not.toBeNull();
  });

  it('a disabled control says why, and the reason is its description', () => {
    const sets: number[] = [];
    tile({}, 'alice has control', (v) => sets.push(v));
    const sw = screen.getByRole('switch');
    expect(sw.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(sw);
    expect(sets).toEqual([]);
    expect(document.getElementById(sw.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'alice has control',
    );
  });

  it('pending says what it is turning to; unknown and mismatch say what went wrong in words', () => {
    tile({ pending: 0 });
    expect(screen.getByTestId('line-pump-pending').textContent).toContain('Turning OFF…');
    expect(screen.getByRole('switch').getAttribute('aria-describedby')).toBeTruthy();
    cleanup();
    tile({ name: 'heater', unknown: { value: 1, since: now } });
    expect(screen.getByTestId('line-heater-unknown').textContent).toContain('outcome unknown');
    cleanup();
    tile({ name: 'fan', value: 0, mismatch: { wanted: 1, at: now } });
    expect(screen.getByTestId('line-fan-mismatch').textContent).toBe('Set to ON, but the line reads OFF');
  });
});
