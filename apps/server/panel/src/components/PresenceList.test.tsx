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

  it('counts a user’s connections by kind in plain words and shows the best RTT', () => {
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
    expect(row.textContent).toContain('Online · browser tab, 2 API clients');
    expect(row.textContent).not.toMatch(/\bws\b|http/);
  });

  it('says unsure and left in words, with how long ago, people here first', () => {
    const now = Date.now();
    render(
      <PresenceList
        presence={{
          users: [
            { name: 'zoe', state: 'offline', lastSeen: now - 12_000, connections: [] },
            { name: 'bob', state: 'suspect', lastSeen: now, connections: [conn('b', 'ws', null)] },
          ],
        }}
        me={{ user: 'bob', role: 'operator', sessionId: 's', connectionId: 'c' }}
        live
        onDisconnect={() => {}}
      />,
    );
    expect(screen.getByTestId('presence-bob').textContent).toContain(
      'bob (you)Connection unsure · browser tab',
    );
    expect(screen.getByTestId('presence-zoe').textContent).toMatch(/Left 1[23] s ago/);
    const rows = screen.getAllByRole('listitem').map((li) => li.getAttribute('data-testid'));
    expect(rows).toEqual(['presence-bob', 'presence-zoe']);
    expect(screen.getByTestId('presence').textContent).toContain('1 person');
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
