import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { labApi } from './data/api.js';
import { eventsToCsv } from './data/csv.js';
import { downloadText } from './data/download.js';
import { useScenarioEditor } from './editor/useScenarioEditor.js';
import { useScenarioTypes } from './editor/useScenarioTypes.js';
import { CaptionBar, latestCaptions } from './demo/CaptionBar.js';
import type { DemoState } from './data/types.js';
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
import { Splitter, useSideWidth } from './Splitter.js';
import { TopBar } from './TopBar.js';
import { AddClients } from './topology/AddClients.js';
import { BoardParts } from './board/BoardParts.js';
import { useBoardState } from './board/useBoardState.js';
import { outputLanes } from './outputs/lanes.js';
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
/** The editor's wide width: room for 80-column lines, the centre column still readable. */
const WIDE_EDITOR = () => Math.round(Math.min(760, window.innerWidth * 0.5));

const ScenarioEditor = lazy(() =>
  import('./editor/ScenarioEditor.js').then((m) => ({ default: m.ScenarioEditor })),
);

export function App() {
  const { lab, refresh, clearEvents } = useLab();
  const { projector, setProjector, toggleProjector } = useTheme();
  const [error, setError] = useState<unknown>(undefined);
  const onError = useCallback((err: unknown) => setError(err), []);
  const clearError = useCallback(() => setError(undefined), []);
  const { busy, act } = useAction(onError, clearError);
  const now = useNow(500);
  const ids = useMemo(() => lab.clients.map((c) => c.id), [lab.clients]);
  const selection = useSelection(ids);
  const model = useMemo(() => buildTimeline(lab.events), [lab.events]);
  const outputs = useMemo(() => outputLanes(lab.events), [lab.events]);
  const boardState = useBoardState(labApi, lab.board?.running ?? false, lab.events);
  const outputNames = useMemo(
    () => (boardState?.lines ?? []).filter((l) => l.direction === 'out').map((l) => l.name),
    [boardState],
  );
  const reported = useMemo(() => reportedFidelity(lab.events), [lab.events]);
  const faultedUsers = useMemo(() => {
    const ids = new Set(lab.events.flatMap((e) => (e.type === 'fault' ? e.fault.targets : [])));
    return [...new Set(lab.clients.filter((c) => ids.has(c.id)).map((c) => c.user))];
  }, [lab.events, lab.clients]);
  const editor = useScenarioEditor(labApi, lab.events, onError);
  const names = useScenarioTypes(labApi);
  const runs = useRuns(labApi, lab.events, onError);
  const [compared, setCompared] = useState<string[]>([]);
  const [tab, setTab] = useState<Tab>('scenario');
  const side = useSideWidth(projector ? 640 : 400);
  // Projector: the story and timeline take the width; the controls open on demand.
  const [controlsOnProjector, setControlsOnProjector] = useState(false);
  const showControls = !projector || controlsOnProjector;

  // Demo: the presenter layout (projector, the panel as a user who is never faulted, scrolled
  // to Who is here) and the narrated script, from the button or on opening /?demo.
  const [demo, setDemo] = useState<DemoState | undefined>(undefined);
  const startDemo = useCallback(
    () =>
      act(async () => {
        setProjector(true);
        setTab('panel');
        setDemo(await labApi.startDemo());
      }),
    [act, setProjector],
  );
  const autoDemo = useRef(new URLSearchParams(window.location.search).has('demo'));
  useEffect(() => {
    if (!autoDemo.current || lab.status !== 'open') return;
    autoDemo.current = false;
    void startDemo();
  }, [lab.status, startDemo]);
  const captions = useMemo(() => latestCaptions(lab.events), [lab.events]);
  const lastCaption = captions.at(-1);
  const demoRunning =
    !!demo?.running && !demo.error && !(lastCaption && lastCaption.step === lastCaption.steps);
  useEffect(() => {
    if (!demoRunning) return;
    // The script may fail (a client that never connects): its state says so.
    const timer = setInterval(
      () =>
        void labApi.demo().then(
          (d) => {
            setDemo(d);
            if (d.error) onError(new Error(`The demo stopped: ${d.error}`));
          },
          () => undefined,
        ),
      2000,
    );
    return () => clearInterval(timer);
  }, [demoRunning, onError]);

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
        controls={showControls}
        onToggleControls={projector ? () => setControlsOnProjector((v) => !v) : undefined}
        onDemo={() => void startDemo()}
        demoRunning={demoRunning}
        onExportJson={exportJson}
        onExportCsv={() => downloadText(`lab-${stamp()}.csv`, 'text/csv', eventsToCsv(lab.events))}
        onClear={clearEvents}
      />
      <ErrorBar error={error} onDismiss={clearError} />
      <main
        className={`layout${showControls ? '' : ' no-controls'}`}
        style={{ ['--side-w' as string]: `${side.width}px` }}
      >
        <aside className="col controls" hidden={!showControls}>
          <BoardCard
            board={lab.board}
            capabilities={lab.capabilities}
            busy={busy}
            onStart={() => act(() => labApi.startBoard().finally(refresh))}
            onStop={() => act(() => labApi.stopBoard().finally(refresh))}
          >
            <BoardParts
              state={boardState}
              busy={busy}
              onInput={(line, v) => act(() => labApi.driveInput(line, v))}
              onHardwareFault={(line, f) => act(() => labApi.hardwareFault(line, f))}
            />
          </BoardCard>
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
            outputs={outputNames}
            busy={busy}
            onAct={(id, a) => act(() => labApi.act(id, a))}
            onPowerOn={(id) => act(() => labApi.powerOn(id))}
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
          {compared.length > 0 && (
            <section className="compare-row" aria-label="Runs side by side">
              <header className="section-head">
                <h2>Runs side by side</h2>
                <button type="button" onClick={() => setCompared([])}>
                  Close comparison
                </button>
              </header>
              <RunCompare runIds={compared} results={runs.results} load={runs.load} projector={projector} />
            </section>
          )}
          {demo && <CaptionBar events={lab.events} running={demoRunning} />}
          <StoryView events={lab.events} projector={projector} />
          <Timeline
            model={model}
            now={now}
            projector={projector}
            live
            title="Live timeline"
            outputs={outputs}
          />
          <LatencyHistogram events={lab.events} />
        </section>
        <Splitter width={side.width} onWidth={side.setWidth} />
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
              <ScenarioEditor
                ed={editor}
                names={names}
                wide={side.width >= WIDE_EDITOR()}
                onToggleWide={() => side.setWidth(side.width >= WIDE_EDITOR() ? 400 : WIDE_EDITOR())}
              />
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
          {tab === 'panel' && (
            <PanelView
              board={lab.board}
              clients={lab.clients}
              avoid={faultedUsers}
              preferred={demo?.observer}
              scrollTo={demo ? 'Who is here' : undefined}
            />
          )}
        </aside>
      </main>
    </div>
  );
}
