import { afterEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { EditorView } from '@codemirror/view';
import type { Diagnostic, LabEvent } from '../data/types.js';
import { ScenarioEditor } from './ScenarioEditor.js';
import { useScenarioEditor } from './useScenarioEditor.js';

afterEach(cleanup);

// CodeMirror measures text through Range rects, which jsdom lacks.
Range.prototype.getClientRects = () =>
  ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
Range.prototype.getBoundingClientRect = () => new DOMRect();

const SOURCE =
  "import { scenario } from 'pulseboard-lab';\nexport default scenario('idle', async (lab) => {});\n";

function makeApi() {
  return {
    scenarios: vi
      .fn()
      .mockResolvedValue([
        { name: 'cable-pull-idle', file: 'scenarios/cable-pull-idle.ts', builtin: true, description: 'idle' },
      ]),
    scenario: vi.fn().mockResolvedValue({ name: 'cable-pull-idle', source: SOURCE }),
    saveScenario: vi.fn().mockResolvedValue({}),
    startRun: vi.fn().mockResolvedValue({ runId: 'r1' }),
    stopRun: vi.fn().mockResolvedValue({}),
    checkScenario: vi.fn().mockResolvedValue({ diagnostics: [] as Diagnostic[] }),
  };
}

function Harness({
  api,
  events,
  onError,
}: {
  api: ReturnType<typeof makeApi>;
  events: LabEvent[];
  onError: (e: unknown) => void;
}) {
  const ed = useScenarioEditor(api, events, onError);
  return <ScenarioEditor ed={ed} names={[]} />;
}

const btn = (name: RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement;
const editorState = () => screen.getByTestId('editor-state').textContent;

/** Types into CodeMirror the way a keystroke would land: a transaction on its view. */
function typeInEditor(text: string) {
  const view = EditorView.findFromDOM(
    screen.getByTestId('code-editor').querySelector('.cm-editor') as HTMLElement,
  )!;
  act(() =>
    view.dispatch({ changes: { from: view.state.doc.length, insert: text }, userEvent: 'input.type' }),
  );
}

async function openBuiltin(api: ReturnType<typeof makeApi>, events: LabEvent[] = []) {
  const onError = vi.fn();
  const user = userEvent.setup();
  const utils = render(<Harness api={api} events={events} onError={onError} />);
  await screen.findByRole('option', { name: /cable-pull-idle/ });
  await user.selectOptions(screen.getByLabelText('Open scenario'), 'cable-pull-idle');
  await waitFor(() => expect(editorState()).toBe('cable-pull-idle (built-in, read-only)'));
  return { user, onError, ...utils };
}

describe('<ScenarioEditor> state', () => {
  it('opens a built-in scenario into the editor, clean', async () => {
    const api = makeApi();
    await openBuiltin(api);
    expect(api.scenario).toHaveBeenCalledWith('cable-pull-idle');
    expect(screen.getByTestId('code-editor').textContent).toContain("scenario('idle'");
    expect(btn(/^Save$/).disabled).toBe(true);
  });

  it('marks edits dirty; a built-in is saved under a new name, which makes it clean', async () => {
    const api = makeApi();
    const { user } = await openBuiltin(api);
    typeInEditor('// tweak\n');
    expect(editorState()).toBe('cable-pull-idle (built-in, read-only) • modified');
    expect(btn(/^Save$/).disabled).toBe(true); // read-only built-in

    await user.type(screen.getByLabelText('Save as name'), 'my-idle');
    await user.click(btn(/^Save as$/));
    expect(api.saveScenario).toHaveBeenCalledWith('my-idle', SOURCE + '// tweak\n');
    await waitFor(() => expect(editorState()).toBe('my-idle'));

    typeInEditor('// more\n');
    expect(btn(/^Save$/).disabled).toBe(false);
    await user.click(btn(/^Save$/));
    expect(api.saveScenario).toHaveBeenLastCalledWith('my-idle', SOURCE + '// tweak\n// more\n');
    await waitFor(() => expect(editorState()).toBe('my-idle'));
  });

  it('refuses a bad name without calling the API', async () => {
    const api = makeApi();
    const { user, onError } = await openBuiltin(api);
    await user.type(screen.getByLabelText('Save as name'), 'no spaces');
    await user.click(btn(/^Save as$/));
    expect(api.saveScenario).not.toHaveBeenCalled();
    expect(onError).toHaveBeenCalledTimes(1);
  });

  it('runs the saved scenario by name, unsaved text as source, and follows the stream', async () => {
    const api = makeApi();
    const { user, rerender, onError } = await openBuiltin(api);
    await user.click(btn(/Run/));
    expect(api.startRun).toHaveBeenCalledWith({ scenario: 'cable-pull-idle' });
    await waitFor(() => expect(screen.getByTestId('run-status').textContent).toBe('starting'));
    expect(btn(/Run/).disabled).toBe(true);
    expect(btn(/Stop/).disabled).toBe(false);

    const running: LabEvent = { type: 'scenario', at: 1, runId: 'r1', status: 'running' };
    rerender(<Harness api={api} events={[running]} onError={onError} />);
    expect(screen.getByTestId('run-status').textContent).toBe('running');
    await user.click(btn(/Stop/));
    expect(api.stopRun).toHaveBeenCalledWith('r1');

    const other: LabEvent = { type: 'scenario', at: 2, runId: 'r0', status: 'failed' };
    const passed: LabEvent = {
      type: 'scenario',
      at: 3,
      runId: 'r1',
      status: 'passed',
      message: '3/3 expectations',
    };
    rerender(<Harness api={api} events={[running, passed, other]} onError={onError} />);
    expect(screen.getByTestId('run-status').textContent).toBe('passed — 3/3 expectations');
    expect(btn(/Run/).disabled).toBe(false);
    expect(btn(/Stop/).disabled).toBe(true);

    // "Clear timeline" forgets the events: the finished run stays finished.
    rerender(<Harness api={api} events={[]} onError={onError} />);
    expect(screen.getByTestId('run-status').textContent).toBe('passed — 3/3 expectations');
    expect(btn(/Run/).disabled).toBe(false);
    expect(btn(/Stop/).disabled).toBe(true);

    typeInEditor('// unsaved\n');
    api.startRun.mockResolvedValueOnce({ runId: 'r2' });
    await user.click(btn(/Run/));
    expect(api.startRun).toHaveBeenLastCalledWith({
      scenario: 'cable-pull-idle',
      source: SOURCE + '// unsaved\n',
    });
  });
});

describe('<ScenarioEditor> problems and the run in progress', () => {
  const typeError: Diagnostic = {
    line: 2,
    column: 35,
    endLine: 2,
    endColumn: 40,
    severity: 'error',
    message: "Property 'fualt' does not exist on type 'ScenarioLab'.",
    code: 2339,
  };

  it('lists the type-checker’s problems with their line numbers and marks them in the text', async () => {
    const api = makeApi();
    api.checkScenario.mockResolvedValue({ diagnostics: [typeError] });
    await openBuiltin(api);
    await waitFor(() => expect(screen.getByTestId('problems-summary').textContent).toBe('1 problem'), {
      timeout: 3000,
    });
    expect(api.checkScenario).toHaveBeenLastCalledWith(SOURCE);
    const problems = screen.getByRole('region', { name: 'Problems' });
    expect(problems.textContent).toContain("Line 2:35 Property 'fualt' does not exist");
    // CodeMirror's lint underlines the range on line 2.
    await waitFor(() => expect(document.querySelector('.cm-lintRange-error')).not.toBeNull());
    expect(document.querySelector('.cm-lintRange-error')!.closest('.cm-line')!.textContent).toContain(
      'export default scenario',
    );
  });

  it('says when the text could not be checked, and keeps working', async () => {
    const api = makeApi();
    api.checkScenario.mockRejectedValue(new Error('the type-checker could not start'));
    await openBuiltin(api);
    await waitFor(() =>
      expect(screen.getByTestId('problems-summary').textContent).toBe(
        'Not type-checked: the type-checker could not start',
      ),
    );
    expect(btn(/Run/).disabled).toBe(false);
  });

  it('highlights the running step and ticks expectations off as the stream decides them', async () => {
    const api = makeApi();
    const { user, rerender, onError } = await openBuiltin(api);
    await user.click(btn(/Run/));
    const events: LabEvent[] = [
      { type: 'scenario', at: 1, runId: 'r1', status: 'running' },
      { type: 'step', at: 2, runId: 'r1', line: 2, call: 'fault' },
      {
        type: 'expectation',
        at: 3,
        runId: 'r1',
        name: 'c2 offline within 1000 ms',
        ok: true,
        message: '710 ms',
        line: 2,
      },
      { type: 'step', at: 2, runId: 'r0', line: 1, call: 'wait' }, // another run: ignored
    ];
    rerender(<Harness api={api} events={events} onError={onError} />);
    expect(screen.getByTestId('running-step').textContent).toBe('Running line 2 (lab.fault)');
    const running = document.querySelector('.cm-line[data-running]');
    expect(running?.textContent).toContain('export default scenario');
    const live = screen.getByRole('region', { name: 'Expectations of this run' });
    expect(live.textContent).toContain('✓ c2 offline within 1000 ms 710 ms line 2');

    const failed: LabEvent = {
      type: 'expectation',
      at: 4,
      runId: 'r1',
      name: 'pump 0 within 500 ms',
      ok: false,
      message: 'still 1 after 500 ms',
      line: 1,
    };
    const done: LabEvent = { type: 'scenario', at: 5, runId: 'r1', status: 'failed' };
    rerender(<Harness api={api} events={[...events, failed, done]} onError={onError} />);
    expect(document.querySelector('.cm-line[data-running]')).toBeNull();
    expect(live.textContent).toContain('✗ pump 0 within 500 ms still 1 after 500 ms line 1');
    // The failed expectation is marked on its line in the editor too.
    await waitFor(() => expect(document.querySelector('.cm-lintRange-error')).not.toBeNull());
    expect(document.querySelector('.cm-lintRange-error')!.closest('.cm-line')!.textContent).toContain(
      'import { scenario }',
    );
  });
});

describe('<ScenarioEditor> width', () => {
  function Wide({
    api,
    wide,
    onToggle,
  }: {
    api: ReturnType<typeof makeApi>;
    wide: boolean;
    onToggle: () => void;
  }) {
    const ed = useScenarioEditor(api, [], () => undefined);
    return <ScenarioEditor ed={ed} names={[]} wide={wide} onToggleWide={onToggle} />;
  }

  it('offers a wider editor, and says when it is wide', async () => {
    const onToggle = vi.fn();
    const api = makeApi();
    const { rerender } = render(<Wide api={api} wide={false} onToggle={onToggle} />);
    const button = screen.getByRole('button', { name: 'Wider editor' });
    expect(button.getAttribute('aria-pressed')).toBe('false');
    await userEvent.setup().click(button);
    expect(onToggle).toHaveBeenCalledTimes(1);
    rerender(<Wide api={api} wide={true} onToggle={onToggle} />);
    expect(screen.getByRole('button', { name: 'Narrower' }).getAttribute('aria-pressed')).toBe('true');
  });
});
