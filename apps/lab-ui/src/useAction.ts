import { useCallback, useState } from 'react';

/** Runs one API call at a time for a control, routing failures to `onError`. */
export function useAction(onError: (err: unknown) => void) {
  const [busy, setBusy] = useState(false);
  const act = useCallback(
    async (fn: () => Promise<unknown>) => {
      setBusy(true);
      try {
        await fn();
      } catch (err) {
        onError(err);
      } finally {
        setBusy(false);
      }
    },
    [onError],
  );
  return { busy, act };
}
