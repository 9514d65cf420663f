import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LabClient } from '../data/types.js';
import { PanelView } from './PanelView.js';

afterEach(cleanup);

const c = (id: string, user: string): LabClient => ({
  id,
  kind: 'browser',
  user,
  address: '',
  ns: '',
  state: 'connected',
  since: 0,
});
const board = { running: true, url: 'http://10.7.0.2:8080', host: 'pblab-board' };

describe('<PanelView>', () => {
  it('frames the lab’s proxied panel as the chosen user, with no credentials in sight', async () => {
    const user = userEvent.setup();
    render(<PanelView board={board} clients={[c('c1', 'bob'), c('c2', 'alice'), c('c3', 'bob')]} />);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['alice', 'bob']);
    const frame = screen.getByTitle('Control panel as alice'); // first user alphabetically
    expect(frame.getAttribute('src')).toBe('/panel/alice/');
    expect(screen.queryByText(/lab-alice-pw|password/)).toBeNull();
    await user.selectOptions(screen.getByLabelText('Virtual user'), 'bob');
    expect(screen.getByTitle('Control panel as bob').getAttribute('src')).toBe('/panel/bob/');
    expect(screen.queryByTitle('Control panel as alice')).toBeNull();
  });

  it('opens the same proxied panel in its own window as a secondary action', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const user = userEvent.setup();
    render(<PanelView board={board} clients={[c('c1', 'we ird')]} />);
    expect(screen.getByTitle('Control panel as we ird').getAttribute('src')).toBe('/panel/we%20ird/');
    await user.click(screen.getByRole('button', { name: 'Open in new window' }));
    expect(open).toHaveBeenCalledWith(
      '/panel/we%20ird/',
      'pulseboard-panel-we ird',
      'popup,width=900,height=800',
    );
  });

  it('says when the board is not running, or there is no user to watch as', () => {
    const { rerender } = render(<PanelView board={{ running: false, url: '', host: 'host' }} clients={[]} />);
    expect(screen.getByText('The board is not running.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Open in new window' })).toBeNull();
    rerender(<PanelView board={board} clients={[]} />);
    expect(screen.getByText(/Add a virtual client/)).toBeTruthy();
    expect(screen.queryByTitle(/Control panel as/)).toBeNull();
  });
});
