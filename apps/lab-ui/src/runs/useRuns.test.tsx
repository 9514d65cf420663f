import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import type { LabEvent, RunResult, RunSummary } from '../data/types.js';
import { useRuns } from './useRuns.js';

afterEach(cleanup);

const summary = (runId: string, status: RunSummary['status'], startedAt: number): RunSummary => ({
  runId,
  scenario: 'cable-pull-idle',
  status,
  startedAt,
  endedAt: startedAt + 1,
  expectations: [],
});

describe('useRuns', () => {
  it('lists runs newest first and refetches when a run starts or ends', async () => {
    const api = {
      runs: vi.fn().mockResolvedValueOnce([summary('r1', 'passed', 1), summary('r2', 'failed', 2)]),
      run: vi.fn(),
    };
    const { result, rerender } = renderHook(({ events }) => useRuns(api, events, vi.fn()), {
      initialProps: { events: [] as LabEvent[] },
    });
    await waitFor(() => expect(result.current.runs.map((r) => r.runId)).toEqual(['r2', 'r1']));
    api.runs.mockResolvedValueOnce([summary('r3', 'running', 3)]);
    rerender({ events: [{ type: 'scenario', at: 3, runId: 'r3', status: 'running' }] });
    await waitFor(() => expect(result.current.runs.map((r) => r.runId)).toEqual(['r3']));
    expect(api.runs).toHaveBeenCalledTimes(2);
  });

  it('reloads a result fetched mid-run once the run has finished', async () => {
    const partial = { ...summary('r3', 'running', 3), events: [] } as unknown as RunResult;
    const done: RunResult = { ...summary('r3', 'passed', 3), status: 'passed', events: [] };
    const api = {
      runs: vi.fn().mockResolvedValue([summary('r3', 'running', 3)]),
      run: vi.fn().mockResolvedValueOnce(partial).mockResolvedValueOnce(done),
    };
    const { result, rerender } = renderHook(({ events }) => useRuns(api, events, vi.fn()), {
      initialProps: { events: [] as LabEvent[] },
    });
    act(() => result.current.load('r3'));
    await waitFor(() => expect(result.current.results.get('r3')?.status).toBe('running'));
    act(() => result.current.load('r3')); // cached: no second fetch
    expect(api.run).toHaveBeenCalledTimes(1);

    api.runs.mockResolvedValue([summary('r3', 'passed', 3)]);
    rerender({ events: [{ type: 'scenario', at: 4, runId: 'r3', status: 'passed' }] });
    await waitFor(() => expect(result.current.results.has('r3')).toBe(false));
    act(() => result.current.load('r3'));
    await waitFor(() => expect(result.current.results.get('r3')?.status).toBe('passed'));
  });
});
