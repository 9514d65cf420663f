import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { Capabilities, Fault, FaultKind, Fidelity } from '../data/types.js';
import { FaultControls } from './FaultControls.js';

afterEach(cleanup);

const caps = { root: true, netem: false, docker: false };

function setup(targets: string[], faults: Fault[] = [], reported = new Map<FaultKind, Fidelity>()) {
  const api = {
    applyFault: vi.fn().mockResolvedValue({}),
    healFault: vi.fn().mockResolvedValue({}),
    healAll: vi.fn().mockResolvedValue({}),
  };
  const onError = vi.fn();
  render(
    <FaultControls
      targets={targets}
      capabilities={caps}
      faults={faults}
      reported={reported}
      api={api}
      onError={onError}
    />,
  );
  return { api, onError, user: userEvent.setup() };
}

const button = (name: RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement;

describe('<FaultControls>', () => {
  it('sends the fault kind and the selected targets', async () => {
    const { api, user } = setup(['c1', 'c3']);
    await user.click(button(/^Cable pull/));
    expect(api.applyFault).toHaveBeenCalledWith({ kind: 'cable-pull', targets: ['c1', 'c3'] });
  });

  it('sends parameters and an optional heal-after duration', async () => {
    const { api, user } = setup(['c2']);
    await user.clear(screen.getByLabelText('Loss percent'));
    await user.type(screen.getByLabelText('Loss percent'), '25');
    await user.type(screen.getByLabelText('Heal after seconds'), '5');
    await user.click(button(/^Apply loss/));
    expect(api.applyFault).toHaveBeenLastCalledWith({
      kind: 'loss',
      targets: ['c2'],
      params: { percent: 25 },
      durationMs: 5000,
    });

    await user.click(button(/^Apply delay/));
    expect(api.applyFault).toHaveBeenLastCalledWith({
      kind: 'delay',
      targets: ['c2'],
      params: { delayMs: 80, jitterMs: 40 },
      durationMs: 5000,
    });
  });

  it('is disabled with nothing selected, and for invalid parameters', async () => {
    const { user } = setup([]);
    expect(button(/^Blackhole/).disabled).toBe(true);
    expect(button(/^Apply loss/).disabled).toBe(true);
    expect(screen.getByTestId('fault-targets').textContent).toBe('select clients to aim at');
    cleanup();

    setup(['c1']);
    expect(button(/^Blackhole/).disabled).toBe(false);
    await user.clear(screen.getByLabelText('Loss percent'));
    await user.type(screen.getByLabelText('Loss percent'), '140');
    expect(button(/^Apply loss/).disabled).toBe(true);
    expect(button(/^Heal selected/).disabled).toBe(true); // nothing in force on c1
    expect(button(/^Heal all/).disabled).toBe(true);
  });

  it('shows each fault kind’s fidelity: expected until the lab reports it', () => {
    setup(['c1'], [], new Map<FaultKind, Fidelity>([['loss', 'userspace']]));
    // no netem here: delay is expected to run in userspace; loss was reported by the lab
    expect(button(/^Apply delay/).textContent).toBe('Apply delay simulated in software');
    expect(button(/^Apply delay/).querySelector('[data-confirmed="false"]')).toBeTruthy();
    expect(button(/^Apply loss/).textContent).toBe('Apply loss simulated in software');
    expect(button(/^Apply loss/).querySelector('[data-confirmed="true"]')).toBeTruthy();
    expect(button(/^RST/).textContent).toBe('RST kernel');
    expect(button(/^RST/).querySelector('[data-confirmed="false"]')).toBeTruthy();
  });

  it('heals the faults on the selection, or everything', async () => {
    const f = (id: string, targets: string[]): Fault => ({
      id,
      kind: 'blackhole',
      targets,
      params: {},
      fidelity: 'kernel',
      startedAt: 1,
    });
    const { api, user } = setup(['c2'], [f('f1', ['c1']), f('f2', ['c2', 'c3'])]);
    await user.click(button(/^Heal selected/));
    expect(api.healFault.mock.calls).toEqual([['f2']]);
    await user.click(button(/^Heal all/));
    expect(api.healAll).toHaveBeenCalledTimes(1);
  });

  it('reports a failed request and re-enables the buttons', async () => {
    const { api, onError, user } = setup(['c1']);
    api.applyFault.mockRejectedValueOnce(new Error('no root'));
    await user.click(button(/^Power off/));
    expect(onError).toHaveBeenCalledWith(new Error('no root'));
    expect(button(/^Power off/).disabled).toBe(false);
  });
});

describe('<FaultControls> on the Docker engine', () => {
  it('disables what the engine refuses, with its reason, and shows the fidelity it reports', () => {
    const faults = Object.fromEntries(
      ['blackhole', 'cable-pull', 'power-off', 'rst', 'fin', 'loss', 'bandwidth', 'partition'].map((k) => [
        k,
        { fidelity: 'kernel' },
      ]),
    );
    const caps = {
      root: true,
      netem: false,
      docker: true,
      engine: {
        name: 'docker' as const,
        faults: { ...faults, delay: { refused: 'delay needs the namespace engine: no sch_netem' } },
      } as NonNullable<Capabilities['engine']>,
    };
    render(
      <FaultControls
        targets={['c1']}
        capabilities={caps}
        faults={[]}
        reported={new Map()}
        api={{ applyFault: vi.fn(), healFault: vi.fn(), healAll: vi.fn() }}
        onError={vi.fn()}
      />,
    );
    const delay = screen.getByRole('button', { name: /Apply delay/ }) as HTMLButtonElement;
    expect(delay.disabled).toBe(true);
    expect(delay.title).toBe('delay needs the namespace engine: no sch_netem');
    const cable = screen.getByRole('button', { name: /Cable pull/ }) as HTMLButtonElement;
    expect(cable.disabled).toBe(false);
    expect(cable.textContent).toMatch(/kernel/);
  });
});
