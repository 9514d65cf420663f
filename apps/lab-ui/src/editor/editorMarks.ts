import { setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { StateEffect, StateField, type EditorState, type Text } from '@codemirror/state';
import { Decoration, EditorView, type DecorationSet } from '@codemirror/view';
import type { Diagnostic } from '../data/types.js';

// What the editor marks on the text: the type-checker's problems (and failed expectations) with
// CodeMirror's lint gutter and underlines, and the line of the run's step in progress.

const pos = (doc: Text, line: number, column: number): number => {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return Math.min(l.from + Math.max(0, column - 1), l.to);
};

export function toCmDiagnostics(doc: Text, list: readonly Diagnostic[]): CmDiagnostic[] {
  return list.map((d) => {
    const from = pos(doc, d.line, d.column);
    const to = Math.max(from, pos(doc, d.endLine, d.endColumn));
    return {
      from,
      // An empty range would be invisible: underline to the end of the line instead.
      to: to > from ? to : doc.lineAt(from).to,
      severity: d.severity,
      message: `Line ${d.line}: ${d.message}`,
    };
  });
}

export function diagnosticsTransaction(state: EditorState, list: readonly Diagnostic[]) {
  return setDiagnostics(state, toCmDiagnostics(state.doc, list));
}

export const setRunningLine = StateEffect.define<number | undefined>();

const runningMark = Decoration.line({ class: 'cm-running-line', attributes: { 'data-running': 'true' } });

/** The highlighted line of the step in progress (none when no run is active). */
export const runningLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    let next = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setRunningLine)) continue;
      const line = e.value;
      next =
        line === undefined || line > tr.state.doc.lines
          ? Decoration.none
          : Decoration.set([runningMark.range(tr.state.doc.line(line).from)]);
    }
    return next;
  },
  provide: (f) => EditorView.decorations.from(f),
});
