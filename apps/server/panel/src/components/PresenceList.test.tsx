import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
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
        onDisconnect={() => {}}
      />,
    );
    const row = screen.getByTestId('presence-alice');
    expect(row.getAttribute('data-state')).toBe('online');
    expect(row.textContent).toContain('2 ms');
    expect(row.textContent).toContain('ws, 2 × http');
  });
});
