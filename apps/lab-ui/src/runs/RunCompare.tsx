import { useEffect } from 'react';
import type { RunResult } from '../data/types.js';
import { AlignedCompare } from './AlignedCompare.js';
import { RunColumn } from './RunColumn.js';

/** The ticked runs side by side (loads each one's events on first show). */
export function RunCompare({
  runIds,
  results,
  load,
  projector,
}: {
  runIds: readonly string[];
  results: ReadonlyMap<string, RunResult>;
  load: (runId: string) => void;
  projector: boolean;
}) {
  useEffect(() => {
    for (const id of runIds) if (!results.has(id)) load(id);
  }, [runIds, results, load]);
  if (!runIds.length) return null;
  const loaded = runIds.map((id) => results.get(id)).filter((r): r is RunResult => r !== undefined);
  return (
    <>
      {loaded.length >= 2 && <AlignedCompare runs={loaded} />}
      <div
        className="run-compare"
        style={{ gridTemplateColumns: `repeat(${runIds.length}, minmax(0, 1fr))` }}
      >
        {runIds.map((id) => {
          const r = results.get(id);
          return r ? (
            <RunColumn key={id} run={r} projector={projector} />
          ) : (
            <p key={id} className="muted">
              Loading {id}…
            </p>
          );
        })}
      </div>
    </>
  );
}
