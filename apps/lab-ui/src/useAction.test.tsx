import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { useAction } from './useAction.js';

describe('useAction', () => {
  it('reports a failure, then a later success clears it', async () => {
    let error: unknown = undefined;
    const onError = vi.fn((e: unknown) => (error = e));
    const onSuccess = vi.fn(() => (error = undefined));
    const { result } = renderHook(() => useAction(onError, onSuccess));
    await act(() => result.current.act(() => Promise.reject(new Error('Start the board first'))));
    expect(error).toEqual(new Error('Start the board first'));
    expect(onSuccess).not.toHaveBeenCalled();
    await act(() => result.current.act(() => Promise.resolve()));
    expect(error).toBeUndefined();
    expect(result.current.busy).toBe(false);
  });
});
