import { useCallback, useEffect, useMemo, useState } from 'react';
import type { LabApi } from '../data/api.js';
import type { LabEvent, ScenarioInfo } from '../data/types.js';
import { useLatest } from '../useLatest.js';
import { isActive, reportedRunStatus, runStatusFrom, type RunView } from './runStatus.js';
import { runTrace } from './runTrace.js';
import { useDiagnostics } from './useDiagnostics.js';

type Api = Pick<LabApi, 'scenarios' | 'scenario' | 'saveScenario' | 'startRun' | 'stopRun' | 'checkScenario'>;

/**
 * The editor's state: which scenario is open, its text and whether it differs from what is
 * saved, and the run it started (its status comes from the lab's event stream).
 */
export function useScenarioEditor(api: Api, events: readonly LabEvent[], onError: (err: unknown) => void) {
  const [scenarios, setScenarios] = useState<ScenarioInfo[]>([]);
  const [name, setName] = useState<string | undefined>(undefined);
  const [source, setSource] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const [runId, setRunId] = useState<string | undefined>(undefined);

  const info = scenarios.find((s) => s.name === name);
  const builtin = info?.builtin ?? false;
  const dirty = source !== saved;
  // The last status seen of our run, kept across "Clear timeline" (which empties `events`): a
  // run that ended must not look "starting" again, with Run disabled and Stop pointing nowhere.
  const [kept, setKept] = useState<(RunView & { runId: string }) | undefined>(undefined);
  const reported = runId ? reportedRunStatus(events, runId) : undefined;
  if (
    runId &&
    reported &&
    (kept?.runId !== runId || kept.status !== reported.status || kept.message !== reported.message)
  )
    setKept({ runId, ...reported });
  const run = runStatusFrom(events, runId, kept);
  const running = isActive(run.status);
  const trace = useMemo(() => runTrace(events, runId), [events, runId]);
  const check = useDiagnostics(api, source);

  const onErrorRef = useLatest(onError);
  const guard = useCallback(
    async <T>(fn: () => Promise<T>): Promise<T | undefined> => {
      setBusy(true);
      try {
        return await fn();
      } catch (err) {
        onErrorRef.current(err);
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [onErrorRef],
  );

  const refresh = useCallback(() => guard(async () => setScenarios(await api.scenarios())), [api, guard]);
  useEffect(() => {
    api.scenarios().then(setScenarios, (err) => onErrorRef.current(err));
  }, [api, onErrorRef]);

  /** Opens another scenario; unsaved edits are only dropped when the user says so. */
  const open = (next: string, confirmDiscard: (message: string) => boolean = (m) => window.confirm(m)) => {
    if (
      dirty &&
      next !== name &&
      !confirmDiscard(`Discard your unsaved changes to ${name ?? 'this scenario'}?`)
    )
      return Promise.resolve(undefined);
    return guard(async () => {
      const s = await api.scenario(next);
      setName(s.name);
      setSource(s.source);
      setSaved(s.source);
    });
  };

  /** Saves under the open name; built-ins are read-only, so they need saveAs. */
  const save = () =>
    guard(async () => {
      if (!name || builtin)
        throw new Error('Built-in scenarios are read-only: use "Save as" with a new name.');
      await api.saveScenario(name, source);
      setSaved(source);
    });

  const saveAs = (newName: string) =>
    guard(async () => {
      const clean = newName.trim();
      if (!/^[\w.-]+$/.test(clean)) throw new Error('Scenario names use letters, digits, ".", "_" and "-".');
      await api.saveScenario(clean, source);
      setName(clean);
      setSaved(source);
      setScenarios(await api.scenarios());
    });

  /** Runs what is on screen: the saved scenario by name, or the unsaved text as source
   * (still named, so the run is listed under the scenario it came from). */
  const start = () =>
    guard(async () => {
      const body = !dirty && name ? { scenario: name } : name ? { scenario: name, source } : { source };
      const { runId: id } = await api.startRun(body);
      setRunId(id);
    });

  const stop = () => guard(async () => (runId ? api.stopRun(runId) : undefined));

  return {
    scenarios,
    name,
    builtin,
    source,
    dirty,
    busy,
    runId,
    run,
    running,
    trace,
    check,
    refresh,
    open,
    edit: setSource,
    save,
    saveAs,
    start,
    stop,
  };
}

export type ScenarioEditorState = ReturnType<typeof useScenarioEditor>;
