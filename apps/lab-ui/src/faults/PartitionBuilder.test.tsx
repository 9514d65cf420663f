import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { LabClient } from '../data/types.js';
import { PartitionBuilder } from './PartitionBuilder.js';

afterEach(cleanup);

const c = (id: string): LabClient => ({
  id,
  kind: 'ws',
  user: id,
  address: '',
  ns: '',
  state: 'connected',
  since: 0,
});

describe('<PartitionBuilder>', () => {
  it('cuts the board off from the chosen clients, one way when asked', async () => {
    const api = { applyFault: vi.fn().mockResolvedValue({}) };
    const user = userEvent.setup();
    render(
      <PartitionBuilder
        clients={[c('c1'), c('c2'), c('c3')]}
        reported={undefined}
        api={api}
        onError={vi.fn()}
      />,
    );
    await user.click(screen.getByText('Draw a partition'));
    const cut = screen.getByRole('button', { name: /^Cut A \| B/ }) as HTMLButtonElement;
    expect(cut.disabled).toBe(true); // needs both sides

    await user.click(screen.getByLabelText('board side a'));
    await user.click(screen.getByLabelText('c2 side b'));
    await user.click(screen.getByLabelText('c3 side b'));
    await user.click(screen.getByLabelText(/one-way/));
    expect(cut.disabled).toBe(false);
    await user.click(cut);
    expect(api.applyFault).toHaveBeenCalledWith({
      kind: 'partition',
      targets: ['c2', 'c3'],
      params: { map: { board: ['c2', 'c3'], c2: [], c3: [] } },
    });
  });
});
