import { useEffect, useMemo, useRef } from 'react';
import { basicSetup } from 'codemirror';
import { EditorView, placeholder } from '@codemirror/view';
import { Compartment, EditorState } from '@codemirror/state';
import { javascript } from '@codemirror/lang-javascript';
import { lintGutter } from '@codemirror/lint';
import type { Diagnostic } from '../data/types.js';
import type { DeclaredName } from './declaredNames.js';
import { scenarioCompletion } from './completion.js';
import { diagnosticsTransaction, runningLine, setRunningLine } from './editorMarks.js';

interface Props {
  value: string;
  onChange: (value: string) => void;
  names: readonly DeclaredName[];
  readOnly?: boolean;
  /** Problems to mark (type-check, failed expectations), 1-based lines. */
  diagnostics?: readonly Diagnostic[];
  /** The line of the run's step in progress. */
  runningAt?: number;
  /** Move the cursor to this line and show it (a new object each time it is asked). */
  goTo?: { line: number };
}

/**
 * CodeMirror 6 with TypeScript highlighting, completion from the scenario API's types, problems
 * marked in the gutter and the running step highlighted.
 */
export function CodeEditor({
  value,
  onChange,
  names,
  readOnly = false,
  diagnostics,
  runningAt,
  goTo,
}: Props) {
  const hostRef = useRef<HTMLDivElement | null>(null);
  const viewRef = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  const completions = useRef(new Compartment());
  const editable = useRef(new Compartment());

  useEffect(() => {
    onChangeRef.current = onChange;
  });

  useEffect(() => {
    const view = new EditorView({
      parent: hostRef.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          javascript({ typescript: true }),
          EditorView.lineWrapping, // the editor sits in a narrow column
          placeholder(
            'Open a scenario above, or write one: export default scenario(name, async (lab) => { … })',
          ),
          completions.current.of([]),
          lintGutter(),
          runningLine,
          editable.current.of(EditorState.readOnly.of(readOnly)),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) onChangeRef.current(u.state.doc.toString());
          }),
        ],
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // Created once; value/names/readOnly changes are pushed in by the effects below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    const view = viewRef.current;
    if (view && view.state.doc.toString() !== value) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: value } });
    }
  }, [value]);

  // One source per set of names: CodeMirror keeps a completion source's results only while the
  // source is the same object, so building it on every lookup made it drop the scenario API.
  const source = useMemo(() => scenarioCompletion(names), [names]);
  useEffect(() => {
    const data = [{ autocomplete: source }];
    viewRef.current?.dispatch({
      effects: completions.current.reconfigure(EditorState.languageData.of(() => data)),
    });
  }, [source]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: editable.current.reconfigure(EditorState.readOnly.of(readOnly)) });
  }, [readOnly]);

  // After the value effect, so positions are computed on the text they were made for.
  useEffect(() => {
    const view = viewRef.current;
    if (view) view.dispatch(diagnosticsTransaction(view.state, diagnostics ?? []));
  }, [diagnostics, value]);

  useEffect(() => {
    viewRef.current?.dispatch({ effects: setRunningLine.of(runningAt) });
  }, [runningAt, value]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view || !goTo) return;
    const line = view.state.doc.line(Math.min(Math.max(1, goTo.line), view.state.doc.lines));
    view.dispatch({
      selection: { anchor: line.from },
      effects: EditorView.scrollIntoView(line.from, { y: 'center' }),
    });
    view.focus();
  }, [goTo]);

  return <div className="code-editor" ref={hostRef} data-testid="code-editor" />;
}
