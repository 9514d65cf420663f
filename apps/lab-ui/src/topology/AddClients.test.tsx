import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AddClients } from './AddClients.js';

afterEach(cleanup);

describe('<AddClients>', () => {
  it('adds N clients of a kind, as a user when one is given', async () => {
    const onAdd = vi.fn();
    const user = userEvent.setup();
    render(<AddClients disabled={false} onAdd={onAdd} />);
    await user.clear(screen.getByLabelText('Client count'));
    await user.type(screen.getByLabelText('Client count'), '3');
    await user.selectOptions(screen.getByLabelText('Client kind'), 'sse');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(onAdd).toHaveBeenLastCalledWith('sse', 3, undefined);
    await user.type(screen.getByLabelText('User (optional)'), 'alice');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(onAdd).toHaveBeenLastCalledWith('sse', 3, 'alice');
  });

  it('refuses a count that is not 1..200', async () => {
    const user = userEvent.setup();
    render(<AddClients disabled={false} onAdd={vi.fn()} />);
    await user.clear(screen.getByLabelText('Client count'));
    await user.type(screen.getByLabelText('Client count'), '0');
    expect((screen.getByRole('button', { name: 'Add' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
