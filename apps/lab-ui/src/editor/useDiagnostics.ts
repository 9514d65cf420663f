import { useEffect, useState } from 'react';
import type { LabApi } from '../data/api.js';
import type { Diagnostic } from '../data/types.js';

export interface DiagnosticsState {
  diagnostics: Diagnostic[];
  /** A check is on its way for the text on screen. */
  checking: boolean;
  /** Why the text could not be checked (the editor still works). */
  error?: string;
}

interface Checked {
  source: string;
  diagnostics: Diagnostic[];
  error?: string;
}

/**
 * Type-checks the editor's text on the lab (a worker thread there runs TypeScript against the
 * scenario API), `delayMs` after the last keystroke; a reply for older text is dropped.
 */
export function useDiagnostics(
  api: Pick<LabApi, 'checkScenario'>,
  source: string,
  delayMs = 600,
): DiagnosticsState {
  const [checked, setChecked] = useState<Checked>({ source: '', diagnostics: [] });
  const empty = !source.trim();
  useEffect(() => {
    if (empty) return;
    let live = true;
    const timer = setTimeout(() => {
      api.checkScenario(source).then(
        (r) => live && setChecked({ source, diagnostics: r.diagnostics }),
        (e: Error) => live && setChecked({ source, diagnostics: [], error: e.message }),
      );
    }, delayMs);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, source, delayMs, empty]);
  if (empty) return { diagnostics: [], checking: false };
  // Until the new text's answer comes, the last findings stay (no flicker while typing).
  if (checked.source !== source) return { diagnostics: checked.diagnostics, checking: true };
  return {
    diagnostics: checked.diagnostics,
    checking: false,
    ...(checked.error ? { error: checked.error } : {}),
  };
}
