import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresenceConnection } from '../data/types.js';
import { PresenceList } from './PresenceList.js';

const conn = (
  id: string,
  transport: PresenceConnection['transport'],
  rttMs: number | null,
): PresenceConnection => ({
  id,
  remote: '10.0.0.2',
  transport,
  since: 0,
  rttMs,
});

describe('PresenceList', () => {
  afterEach(cleanup);

  it('counts a user’s connections by kind and shows the best RTT', () => {
    render(
      <PresenceList
        presence={{
          users: [
            {
              name: 'alice',
              state: 'online',
              lastSeen: 0,
              connections: [conn('a', 'ws', 4), conn('b', 'http', null), conn('c', 'http', 2)],
            },
          ],
        }}
        me={null}
        live
        onDisconnect={() => {}}
      />,
    );
    const row = screen.getByTestId('presence-alice');
    expect(row.getAttribute('data-state')).toBe('online');
    expect(row.textContent).toContain('2 ms');
    expect(row.textContent).toContain('ws, 2 × http');
  });

  it('claims nothing before the server has said who is here, and marks a last-known list', () => {
    const { rerender } = render(
      <PresenceList presence={null} me={null} live={false} onDisconnect={() => {}} />,
    );
    expect(screen.getByTestId('presence').textContent).toContain('Waiting for the board');
    const presence = { users: [{ name: 'bob', state: 'online' as const, lastSeen: 0, connections: [] }] };
    rerender(<PresenceList presence={presence} me={null} live={false} onDisconnect={() => {}} />);
    expect(screen.getByTestId('presence').getAttribute('data-stale')).toBe('true');
    expect(screen.getByTestId('presence').textContent).toContain('Last known');
  });
});
