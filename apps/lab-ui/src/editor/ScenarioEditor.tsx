import { useState } from 'react';
import type { DeclaredName } from './declaredNames.js';
import { CodeEditor } from './CodeEditor.js';
import type { ScenarioEditorState } from './useScenarioEditor.js';

/** Open, edit, save, run and stop a scenario. */
export function ScenarioEditor({ ed, names }: { ed: ScenarioEditorState; names: readonly DeclaredName[] }) {
  const [saveAsName, setSaveAsName] = useState('');
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
      <CodeEditor value={ed.source} onChange={ed.edit} names={names} />
    </section>
  );
}
