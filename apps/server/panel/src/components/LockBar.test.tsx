import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { LockInfo, Me } from '../data/types.js';
import { LockBar } from './LockBar.js';

const lock: LockInfo = {
  id: 'l1',
  user: 'alice',
  sessionId: 's',
  role: 'operator',
  lines: '*',
  since: Date.now() - 180_000,
};
const me = (user: string, role: Me['role']): Me => ({ user, role, sessionId: 'x', connectionId: 'c' });

function bar(locks: LockInfo[], who: Me, asks: string[] = []) {
  render(
    <LockBar
      locks={locks}
      me={who}
      live
      onTake={() => {}}
      onRelease={() => {}}
      onAsk={(h) => asks.push(h)}
    />,
  );
  return screen.getByTestId('lock-status');
}

describe('LockBar', () => {
  afterEach(cleanup);

  it('names the holder and since when; an operator may ask in chat, and Take over says why it is off', () => {
    const asks: string[] = [];
    bar([lock], me('bob', 'operator'), asks);
    expect(screen.getByTestId('lock-holder').textContent).toMatch(
      /^alice holds the board since \d\d:\d\d:\d\d \(3 min\)$/,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Ask in chat' }));
    expect(asks).toEqual(['alice']);
    const take = screen.getByRole('button', { name: 'Take over' });
    expect(take.getAttribute('aria-disabled')).toBe('true');
    expect(document.getElementById(take.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Only an admin can take over',
    );
  });

  it('lets an admin take over', () => {
    bar([lock], me('admin', 'admin'));
    expect(screen.getByRole('button', { name: 'Take over' }).getAttribute('aria-disabled')).toBeNull();
  });

  it('free: says so and offers Take control; a viewer is told why there is nothing to press', () => {
    expect(bar([], me('bob', 'operator')).textContent).toContain('Free: any operator may switch lines.');
    expect(screen.getByRole('button', { name: 'Take control' })).toBeTruthy();
    cleanup();
    expect(bar([lock], me('carol', 'viewer')).textContent).toContain('View only');
    expect(screen.queryByRole('button')).toBeNull();
  });
});
