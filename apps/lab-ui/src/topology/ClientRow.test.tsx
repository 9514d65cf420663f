import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, fireEvent } from '@testing-library/react';
import type { LabClient } from '../data/types.js';
import { Topology } from './Topology.js';

afterEach(cleanup);

const c = (id: string, user: string, state: LabClient['state']): LabClient => ({
  id,
  kind: 'ws',
  user,
  address: '',
  ns: '',
  state,
  since: 0,
});

describe('acting as a client from its row', () => {
  it('operates a line, takes and releases the lock and chats as that client; powers a powered-off one on', () => {
    const onAct = vi.fn();
    const onPowerOn = vi.fn();
    render(
      <Topology
        clients={[c('c1', 'alice', 'connected'), c('c2', 'bob', 'stopped')]}
        selected={[]}
        onToggle={() => undefined}
        onSelect={() => undefined}
        onRemove={() => undefined}
        outputs={['pump', 'heater']}
        onAct={onAct}
        onPowerOn={onPowerOn}
      />,
    );
    expect(screen.queryByRole('button', { name: 'act as c2' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'power on c2' }));
    expect(onPowerOn).toHaveBeenCalledWith('c2');
    expect(screen.getAllByTestId('client-state')[1]!.textContent).toBe('powered off');

    fireEvent.click(screen.getByRole('button', { name: 'act as c1' }));
    const panel = screen.getByRole('group', { name: 'Act as c1' });
    fireEvent.change(screen.getByLabelText('line'), { target: { value: 'heater' } });
    fireEvent.click(screen.getByRole('button', { name: 'On' }));
    fireEvent.click(screen.getByRole('button', { name: 'Take lock' }));
    fireEvent.click(screen.getByRole('button', { name: 'Release lock' }));
    fireEvent.change(screen.getByLabelText('chat message'), { target: { value: ' pump on ' } });
    fireEvent.submit(panel.querySelector('form')!);
    expect(onAct.mock.calls).toEqual([
      ['c1', { action: 'operate', line: 'heater', value: 1 }],
      ['c1', { action: 'lock' }],
      ['c1', { action: 'unlock' }],
      ['c1', { action: 'chat', text: 'pump on' }],
    ]);
  });
});
