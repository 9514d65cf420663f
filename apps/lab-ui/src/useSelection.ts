import { useCallback, useMemo, useState } from 'react';

/** Which clients the fault controls aim at. Ids that no longer exist drop out by themselves. */
export function useSelection(existingIds: readonly string[]) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const selected = useMemo(() => existingIds.filter((id) => picked.has(id)), [existingIds, picked]);
  const toggle = useCallback(
    (id: string) =>
      setPicked((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const set = useCallback((ids: readonly string[]) => setPicked(new Set(ids)), []);
  return { selected, toggle, set, clear: () => set([]) };
}
