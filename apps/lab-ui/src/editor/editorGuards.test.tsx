import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CompletionContext, currentCompletions, startCompletion } from '@codemirror/autocomplete';
import { EditorView } from '@codemirror/view';
import { scenarioDts } from '@pulseboard/netlab/scenario/scenario-dts';
import { CodeEditor } from './CodeEditor.js';
import { scenarioCompletion } from './completion.js';
import { declaredNames } from './declaredNames.js';
import { ScenarioEditor } from './ScenarioEditor.js';
import { useScenarioEditor } from './useScenarioEditor.js';

afterEach(cleanup);

Range.prototype.getClientRects = () =>
  ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
Range.prototype.getBoundingClientRect = () => new DOMRect();

const names = declaredNames(scenarioDts);

describe('editor completion of the scenario API', () => {
  it('offers lab.expectDetection with its signature and doc after "lab.expectDe"', () => {
    const doc = 'await lab.expectDe';
    const view = new EditorView({ doc });
    const ctx = new CompletionContext(view.state, doc.length, false);
    const result = scenarioCompletion(names)(ctx) as {
      from: number;
      options: { label: string; detail?: string; info?: unknown }[];
    };
    const opt = result.options.find((o) => o.label === 'expectDetection');
    expect(result.from).toBe(doc.indexOf('expectDe'));
    expect(opt?.detail).toMatch(/^expectDetection\(client: ClientHandle, options: Within/);
    expect(String(opt?.info)).toContain('Server detection latency');
    view.destroy();
  });

  it('keeps one completion source while the names stay the same, so CodeMirror keeps its results', async () => {
    const { container } = render(
      <CodeEditor value="await lab.expectDe" onChange={() => undefined} names={names} />,
    );
    const view = EditorView.findFromDOM(container.querySelector('.cm-editor') as HTMLElement)!;
    const sources = () => view.state.languageDataAt<{ autocomplete?: unknown }>('autocomplete', 0);
    const first = sources();
    act(() => view.dispatch({ selection: { anchor: view.state.doc.length } }));
    expect(sources()).toEqual(first);
    expect(sources()[0]).toBe(first[0]); // the very same function, not a rebuilt one
    act(() => void startCompletion(view));
    await waitFor(() =>
      expect(currentCompletions(view.state).map((c) => c.label)).toContain('expectDetection'),
    );
  });
});

describe('unsaved-changes guard', () => {
  const api = () => ({
    scenarios: vi.fn().mockResolvedValue([
      { name: 'a', file: 'a.ts', builtin: false, description: '' },
      { name: 'b', file: 'b.ts', builtin: false, description: '' },
    ]),
    scenario: vi.fn((n: string) => Promise.resolve({ name: n, source: `// ${n}\n` })),
    saveScenario: vi.fn().mockResolvedValue({}),
    startRun: vi.fn().mockResolvedValue({ runId: 'r1' }),
    stopRun: vi.fn().mockResolvedValue({}),
    checkScenario: vi.fn().mockResolvedValue({ diagnostics: [] }),
  });
  function Harness({ a }: { a: ReturnType<typeof api> }) {
    return <ScenarioEditor ed={useScenarioEditor(a, [], () => undefined)} names={[]} />;
  }

  it('asks before switching away from unsaved edits, and keeps them when told no', async () => {
    const a = api();
    const user = userEvent.setup();
    render(<Harness a={a} />);
    await screen.findByRole('option', { name: 'a' });
    await user.selectOptions(screen.getByLabelText('Open scenario'), 'a');
    await waitFor(() => expect(screen.getByTestId('editor-state').textContent).toBe('a'));
    const view = EditorView.findFromDOM(
      screen.getByTestId('code-editor').querySelector('.cm-editor') as HTMLElement,
    )!;
    act(() => view.dispatch({ changes: { from: 0, insert: 'edited ' } }));
    expect(screen.getByTestId('editor-state').textContent).toBe('a • modified');

    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    await user.selectOptions(screen.getByLabelText('Open scenario'), 'b');
    expect(confirm).toHaveBeenCalledWith('Discard your unsaved changes to a?');
    expect(a.scenario).toHaveBeenCalledTimes(1);
    expect(view.state.doc.toString()).toBe('edited // a\n');
    expect(screen.getByTestId('editor-state').textContent).toBe('a • modified');

    confirm.mockReturnValue(true);
    await user.selectOptions(screen.getByLabelText('Open scenario'), 'b');
    await waitFor(() => expect(screen.getByTestId('editor-state').textContent).toBe('b'));
    confirm.mockRestore();
  });
});
