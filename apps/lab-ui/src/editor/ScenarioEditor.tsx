import { useMemo, useState } from 'react';
import type { DeclaredName } from './declaredNames.js';
import { CodeEditor } from './CodeEditor.js';
import { failedAsDiagnostics } from './runTrace.js';
import type { ScenarioEditorState } from './useScenarioEditor.js';

/** Open, edit, save, run and stop a scenario. */
export function ScenarioEditor({
  ed,
  names,
  wide,
  onToggleWide,
}: {
  ed: ScenarioEditorState;
  names: readonly DeclaredName[];
  /** The side column is at its wide width; `onToggleWide` switches (absent: no button). */
  wide?: boolean;
  onToggleWide?: () => void;
}) {
  const [saveAsName, setSaveAsName] = useState('');
  const [goTo, setGoTo] = useState<{ line: number } | undefined>(undefined);
  const failed = useMemo(() => failedAsDiagnostics(ed.trace.expectations), [ed.trace.expectations]);
  // Failed expectations mark their lines only while the text is the one that ran.
  const marks = useMemo(
    () => (ed.dirty && !ed.running ? ed.check.diagnostics : [...ed.check.diagnostics, ...failed]),
    [ed.check.diagnostics, failed, ed.dirty, ed.running],
  );
  return (
    <section className="scenario-editor" aria-label="Scenario editor">
      <header className="section-head">
        <h2>Scenario</h2>
        <select
          aria-label="Open scenario"
          value={ed.name ?? ''}
          onChange={(e) => e.target.value && void ed.open(e.target.value)}
          disabled={ed.busy}
        >
          <option value="">open…</option>
          {ed.scenarios.map((s) => (
            <option key={s.name} value={s.name} title={s.description}>
              {s.builtin ? '★ ' : ''}
              {s.name}
            </option>
          ))}
        </select>
        <span className="muted small" data-testid="editor-state">
          {ed.name ?? 'untitled'}
          {ed.builtin ? ' (built-in, read-only)' : ''}
          {ed.dirty ? ' • modified' : ''}
        </span>
        {onToggleWide && (
          <button
            type="button"
            aria-pressed={!!wide}
            onClick={onToggleWide}
            title="Make the editor wider or narrower"
          >
            {wide ? 'Narrower' : 'Wider editor'}
          </button>
        )}
      </header>
      <div className="editor-actions">
        <button
          type="button"
          disabled={ed.busy || !ed.dirty || !ed.name || ed.builtin}
          onClick={() => void ed.save()}
        >
          Save
        </button>
        <input
          aria-label="Save as name"
          placeholder="new name"
          value={saveAsName}
          onChange={(e) => setSaveAsName(e.target.value)}
          size={14}
        />
        <button
          type="button"
          disabled={ed.busy || !saveAsName.trim()}
          onClick={() => void ed.saveAs(saveAsName)}
        >
          Save as
        </button>
        <button
          type="button"
          className="primary"
          disabled={ed.busy || ed.running || !ed.source.trim()}
          onClick={() => void ed.start()}
        >
          ▶ Run
        </button>
        <button type="button" disabled={ed.busy || !ed.running} onClick={() => void ed.stop()}>
          ■ Stop
        </button>
        <span className={`run-status ${ed.run.status}`} data-testid="run-status" role="status">
          {ed.run.status === 'idle' ? '' : ed.run.status}
          {ed.run.message ? ` — ${ed.run.message}` : ''}
        </span>
      </div>
      <CodeEditor
        value={ed.source}
        onChange={ed.edit}
        names={names}
        diagnostics={marks}
        runningAt={ed.running ? ed.trace.line : undefined}
        goTo={goTo}
      />
      <Problems ed={ed} onGo={(line) => setGoTo({ line })} />
      <LiveExpectations ed={ed} onGo={(line) => setGoTo({ line })} />
    </section>
  );
}

/** The type-checker's findings as a list with line numbers (the gutter marks the same lines). */
function Problems({ ed, onGo }: { ed: ScenarioEditorState; onGo: (line: number) => void }) {
  const { diagnostics, checking, error } = ed.check;
  if (!ed.source.trim()) return null;
  return (
    <div className="problems" aria-label="Problems" role="region">
      <p className="muted small" data-testid="problems-summary" aria-live="polite">
        {error
          ? `Not type-checked: ${error}`
          : checking
            ? 'Checking…'
            : diagnostics.length === 0
              ? 'No problems found.'
              : `${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'}`}
      </p>
      {diagnostics.length > 0 && (
        <ul>
          {diagnostics.map((d, i) => (
            <li key={i} className={d.severity}>
              <button type="button" className="link" onClick={() => onGo(d.line)}>
                Line {d.line}:{d.column}
              </button>{' '}
              {d.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The run's expectations as they are decided, each linked to the line that asked for it. */
function LiveExpectations({ ed, onGo }: { ed: ScenarioEditorState; onGo: (line: number) => void }) {
  const { expectations, line, call } = ed.trace;
  if (!ed.runId || (expectations.length === 0 && !ed.running)) return null;
  return (
    <div className="live-expectations" aria-label="Expectations of this run" role="region">
      {ed.running && line !== undefined && (
        <p className="small" data-testid="running-step">
          Running line {line}
          {call ? ` (lab.${call})` : ''}
        </p>
      )}
      <ul className="expectations" aria-live="polite">
        {expectations.map((x, i) => (
          <li key={i} className={x.ok ? 'ok' : 'bad'}>
            {x.ok ? '✓' : '✗'} <strong>{x.name}</strong> <span className="muted">{x.message}</span>
            {x.line !== undefined && (
              <>
                {' '}
                <button type="button" className="link" onClick={() => onGo(x.line!)}>
                  line {x.line}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
