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

describe('<PanelView>', () => {
  it('shows the chosen user’s credentials and opens the panel in its own window', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const user = userEvent.setup();
    render(
      <PanelView
        board={{ running: true, url: 'http://127.0.0.1:8080', host: 'host' }}
        clients={[c('c1', 'bob'), c('c2', 'alice')]}
      />,
    );
    expect(screen.getByText('lab-alice-pw')).toBeTruthy(); // first user alphabetically
    await user.selectOptions(screen.getByLabelText('Virtual user'), 'bob');
    expect(screen.getByText('lab-bob-pw')).toBeTruthy();
    expect(screen.queryByTitle(/Control panel as/)).toBeNull(); // not framed by default
    await user.click(screen.getByRole('button', { name: 'Open panel as bob' }));
    expect(open).toHaveBeenCalledWith(
      'http://127.0.0.1:8080',
      'pulseboard-panel-bob',
      'popup,width=900,height=800',
    );
  });

  it('says when the board is not running', () => {
    render(<PanelView board={{ running: false, url: '', host: 'host' }} clients={[]} />);
    expect(screen.getByText('The board is not running.')).toBeTruthy();
  });
});
