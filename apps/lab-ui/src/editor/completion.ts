import type { CompletionContext, CompletionResult, CompletionSource } from '@codemirror/autocomplete';
import type { DeclaredName } from './declaredNames.js';

/** A CodeMirror completion source offering the scenario API's declared names. */
export function scenarioCompletion(names: readonly DeclaredName[]): CompletionSource {
  const options = names.map((n) => ({
    label: n.label,
    type: n.type,
    detail: n.detail.slice(0, 80),
    ...(n.info ? { info: n.info } : {}),
  }));
  return (ctx: CompletionContext): CompletionResult | null => {
    const word = ctx.matchBefore(/[\w$]+/);
    if (!word && !ctx.explicit) return null;
    if (word && word.from === word.to && !ctx.explicit) return null;
    return { from: word?.from ?? ctx.pos, options, validFor: /^[\w$]*$/ };
  };
}
