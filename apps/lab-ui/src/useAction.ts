import { useCallback, useState } from 'react';

/**
 * Runs one API call at a time for a control, routing failures to `onError` and successes to
 * `onSuccess` (the app clears its error banner there: a failure that a later action got past,
 * e.g. "Add" before "Start board", must not stay up as if it still held).
 */
export function useAction(onError: (err: unknown) => void, onSuccess?: () => void) {
  const [busy, setBusy] = useState(false);
  const act = useCallback(
    async (fn: () => Promise<unknown>) => {
      setBusy(true);
      try {
        await fn();
        onSuccess?.();
      } catch (err) {
        onError(err);
      } finally {
        setBusy(false);
      }
    },
    [onError, onSuccess],
  );
  return { busy, act };
}
