import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { labApi } from './data/api.js';
import { eventsToCsv } from './data/csv.js';
import { downloadText } from './data/download.js';
import { useScenarioEditor } from './editor/useScenarioEditor.js';
import { useScenarioTypes } from './editor/useScenarioTypes.js';
import { ErrorBar } from './ErrorBar.js';
import { ActiveFaults } from './faults/ActiveFaults.js';
import { reportedFidelity } from './faults/catalog.js';
import { FaultControls } from './faults/FaultControls.js';
import { PartitionBuilder } from './faults/PartitionBuilder.js';
import { LatencyHistogram } from './histogram/LatencyHistogram.js';
import { PanelView } from './panel/PanelView.js';
import { RunCompare } from './runs/RunCompare.js';
import { RunsList } from './runs/RunsList.js';
import { useRuns } from './runs/useRuns.js';
import { StoryView } from './story/StoryView.js';
import { buildTimeline } from './timeline/model.js';
import { Timeline } from './timeline/Timeline.js';
import { TopBar } from './TopBar.js';
import { AddClients } from './topology/AddClients.js';
import { BoardCard } from './topology/BoardCard.js';
import { Topology } from './topology/Topology.js';
import { useAction } from './useAction.js';
import { useLab } from './useLab.js';
import { useNow } from './useNow.js';
import { useSelection } from './useSelection.js';
import { useTheme } from './useTheme.js';

type Tab = 'panel' | 'scenario' | 'runs';

/** A filename-safe timestamp (no ':' for Windows). */
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

// CodeMirror is most of the bundle: load it after the live view has painted.
const ScenarioEditor = lazy(() =>
  import('./editor/ScenarioEditor.js').then((m) => ({ default: m.ScenarioEditor })),
);

export function App() {
  const { lab, refresh, clearEvents } = useLab();
  const { projector, toggleProjector } = useTheme();
  const [error, setError] = useState<unknown>(undefined);
  const onError = useCallback((err: unknown) => setError(err), []);
  const clearError = useCallback(() => setError(undefined), []);
  const { busy, act } = useAction(onError, clearError);
  const now = useNow(500);
  const ids = useMemo(() => lab.clients.map((c) => c.id), [lab.clients]);
  const selection = useSelection(ids);
  const model = useMemo(() => buildTimeline(lab.events), [lab.events]);
  const reported = useMemo(() => reportedFidelity(lab.events), [lab.events]);
  const editor = useScenarioEditor(labApi, lab.events, onError);
  const names = useScenarioTypes(labApi);
  const runs = useRuns(labApi, lab.events, onError);
  const [compared, setCompared] = useState<string[]>([]);
  const [tab, setTab] = useState<Tab>('scenario');

  const exportJson = () =>
    downloadText(
      `lab-${stamp()}.json`,
      'application/json',
      JSON.stringify(
        { exportedAt: Date.now(), board: lab.board, clients: lab.clients, events: lab.events },
        null,
        2,
      ),
    );

  return (
    <div className="app">
      <TopBar
        status={lab.status}
        projector={projector}
        onToggleProjector={toggleProjector}
        onExportJson={exportJson}
        onExportCsv={() => downloadText(`lab-${stamp()}.csv`, 'text/csv', eventsToCsv(lab.events))}
        onClear={clearEvents}
      />
      <ErrorBar error={error} onDismiss={clearError} />
      <main className="layout">
        <aside className="col controls">
          <BoardCard
            board={lab.board}
            capabilities={lab.capabilities}
            busy={busy}
            onStart={() => act(() => labApi.startBoard().finally(refresh))}
            onStop={() => act(() => labApi.stopBoard().finally(refresh))}
          />
          <AddClients
            disabled={busy}
            onAdd={(kind, n, user) => act(() => labApi.addClients(kind, n, user))}
          />
          <Topology
            clients={lab.clients}
            selected={selection.selected}
            onToggle={selection.toggle}
            onSelect={selection.set}
            onRemove={(id) => act(() => labApi.removeClient(id))}
          />
          <FaultControls
            targets={selection.selected}
            capabilities={lab.capabilities}
            faults={lab.faults}
            reported={reported}
            api={labApi}
            onError={onError}
            onSuccess={clearError}
          />
          <PartitionBuilder
            clients={lab.clients}
            reported={reported.get('partition')}
            api={labApi}
            onError={onError}
          />
          <ActiveFaults faults={lab.faults} now={now} onHeal={(id) => act(() => labApi.healFault(id))} />
        </aside>
        <section className="col center">
          <StoryView events={lab.events} />
          <Timeline model={model} now={now} projector={projector} live title="Live timeline" />
          <LatencyHistogram events={lab.events} />
        </section>
        <aside className="col side">
          <div className="tabs" role="tablist">
            {(['scenario', 'runs', 'panel'] as const).map((t) => (
              <button key={t} type="button" role="tab" aria-selected={tab === t} onClick={() => setTab(t)}>
                {t === 'panel'
                  ? 'Control panel'
                  : t === 'scenario'
                    ? 'Scenario'
                    : `Runs (${runs.runs.length})`}
              </button>
            ))}
          </div>
          {tab === 'scenario' && (
            <Suspense fallback={<p className="muted">Loading editor…</p>}>
              <ScenarioEditor ed={editor} names={names} />
            </Suspense>
          )}
          {tab === 'runs' && (
            <RunsList
              runs={runs.runs}
              compared={compared}
              onRefresh={runs.refresh}
              onToggle={(id) => setCompared((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]))}
            />
          )}
          {tab === 'panel' && <PanelView board={lab.board} clients={lab.clients} />}
        </aside>
        <section className="compare-row" aria-label="Runs side by side">
          <RunCompare runIds={compared} results={runs.results} load={runs.load} projector={projector} />
        </section>
      </main>
    </div>
  );
}
