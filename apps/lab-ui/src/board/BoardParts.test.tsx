import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, fireEvent } from '@testing-library/react';
import type { BoardLine, BoardState } from '../data/types.js';
import { BoardParts } from './BoardParts.js';

afterEach(cleanup);

const line = (l: Partial<BoardLine> & Pick<BoardLine, 'name' | 'label' | 'direction'>): BoardLine => ({
  value: 0,
  failsafe: false,
  safeValue: 0,
  pulseMs: null,
  lastChangedBy: null,
  fault: null,
  ...l,
});
const state: BoardState = {
  board: 'sim',
  locks: [{ id: 'l1', user: 'alice' }],
  lines: [
    line({
      name: 'pump',
      label: 'Coolant pump',
      direction: 'out',
      value: 1,
      failsafe: true,
      lastChangedBy: { user: 'alice' },
    }),
    line({ name: 'estop-button', label: 'Emergency stop button', direction: 'in', value: 0 }),
    line({ name: 'door-contact', label: 'Door closed', direction: 'in', value: 1 }),
  ],
};

describe('<BoardParts>', () => {
  it('draws outputs with value and who set them, inputs as buttons and contacts, and the lock', () => {
    render(
      <BoardParts state={state} busy={false} onInput={() => undefined} onHardwareFault={() => undefined} />,
    );
    expect(screen.getByTestId('value-pump').textContent).toBe('ON');
    expect(screen.getByText('by alice · safe OFF')).toBeTruthy();
    expect(screen.getByTestId('value-estop-button').textContent).toBe('released');
    expect(screen.getByTestId('value-door-contact').textContent).toBe('closed');
    expect(screen.getByTestId('board-lock').textContent).toBe('held by alice');
  });

  it('drives an input to its other value and injects or clears a hardware fault', () => {
    const onInput = vi.fn();
    const onFault = vi.fn();
    render(<BoardParts state={state} busy={false} onInput={onInput} onHardwareFault={onFault} />);
    fireEvent.click(screen.getByTestId('value-estop-button'));
    fireEvent.click(screen.getByTestId('value-door-contact'));
    expect(onInput.mock.calls).toEqual([
      ['estop-button', 1],
      ['door-contact', 0],
    ]);
    const picker = screen.getByLabelText('hardware fault on pump');
    fireEvent.change(picker, { target: { value: 'stuck' } });
    fireEvent.change(picker, { target: { value: 'error' } });
    fireEvent.change(picker, { target: { value: 'ok' } });
    expect(onFault.mock.calls).toEqual([
      ['pump', { kind: 'stuck' }],
      ['pump', { kind: 'error' }],
      ['pump', null],
    ]);
  });
});
