import { useCallback, useEffect, useRef, useState } from 'react';
import type { LabApi } from '../data/api.js';
import type { LabEvent, RunResult, RunSummary } from '../data/types.js';
import { useLatest } from '../useLatest.js';

type Api = Pick<LabApi, 'runs' | 'run'>;

/** Past runs (refetched whenever a run finishes) and full results loaded on demand. */
export function useRuns(api: Api, events: readonly LabEvent[], onError: (err: unknown) => void) {
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [results, setResults] = useState<ReadonlyMap<string, RunResult>>(new Map());
  const loading = useRef(new Set<string>());
  // Callers may pass a new onError each render; that must not refetch.
  const onErrorRef = useLatest(onError);

  // Runs start and finish with `scenario` events; count them to know when to refetch.
  const changes = events.filter((e) => e.type === 'scenario').length;

  const refresh = useCallback(() => {
    api
      .runs()
      .then((list) => {
        setRuns([...list].sort((a, b) => b.startedAt - a.startedAt));
        // A result loaded while its run was still going is stale once the status moves on.
        const status = new Map(list.map((r) => [r.runId, r.status as string]));
        setResults((prev) => {
          const stale = [...prev.values()].filter((r) => status.get(r.runId) !== r.status);
          if (!stale.length) return prev;
          const next = new Map(prev);
          for (const r of stale) {
            next.delete(r.runId);
            loading.current.delete(r.runId);
          }
          return next;
        });
      })
      .catch((err) => onErrorRef.current(err));
  }, [api, onErrorRef]);

  useEffect(refresh, [refresh, changes]);

  const load = useCallback(
    (runId: string) => {
      if (loading.current.has(runId)) return;
      loading.current.add(runId);
      api
        .run(runId)
        .then((r) => setResults((prev) => new Map(prev).set(runId, r)))
        .catch((err) => {
          loading.current.delete(runId);
          onErrorRef.current(err);
        });
    },
    [api, onErrorRef],
  );

  return { runs, results, refresh, load };
}
