import { useCallback, useEffect, useRef, useState } from 'react';
import type { LabApi } from '../data/api.js';
import type { LabEvent, RunResult, RunSummary } from '../data/types.js';

type Api = Pick<LabApi, 'runs' | 'run'>;

/** Past runs (refetched whenever a run finishes) and full results loaded on demand. */
export function useRuns(api: Api, events: readonly LabEvent[], onError: (err: unknown) => void) {
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [results, setResults] = useState<ReadonlyMap<string, RunResult>>(new Map());
  const loading = useRef(new Set<string>());

  // A finished run shows up as a terminal `scenario` event; count them to know when to refetch.
  const finished = events.filter((e) => e.type === 'scenario' && e.status !== 'running').length;

  const refresh = useCallback(() => {
    api
      .runs()
      .then((r) => setRuns([...r].sort((a, b) => b.startedAt - a.startedAt)))
      .catch(onError);
  }, [api, onError]);

  useEffect(refresh, [refresh, finished]);

  const load = useCallback(
    (runId: string) => {
      if (loading.current.has(runId)) return;
      loading.current.add(runId);
      api
        .run(runId)
        .then((r) => setResults((prev) => new Map(prev).set(runId, r)))
        .catch((err) => {
          loading.current.delete(runId);
          onError(err);
        });
    },
    [api, onError],
  );

  return { runs, results, refresh, load };
}
