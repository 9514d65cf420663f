// Reads names out of a .d.ts well enough for completion: top-level declarations, members of
// interfaces/classes (also one-line ones), and the /** doc */ line above each. Not a
// TypeScript parser; a miss only costs a suggestion.
export interface DeclaredName {
  label: string;
  type:
    'function' | 'variable' | 'class' | 'interface' | 'type' | 'method' | 'property' | 'enum' | 'namespace';
  /** The declaration line, trimmed, shown beside the suggestion. */
  detail: string;
  /** The doc comment right above it, if any. */
  info?: string;
}

const TOP =
  /^\s*(?:export\s+)?(?:declare\s+)?(?:default\s+)?(?:async\s+)?(function|const|let|var|class|interface|type|enum|namespace)\s+([A-Za-z_$][\w$]*)/;
const MEMBER = /^\s+(?:readonly\s+)?(?:async\s+)?([A-Za-z_$][\w$]*)\??\s*([(:<])/;
const INLINE_MEMBER = /(?:^|[{;,]\s*)(?:readonly\s+)?([A-Za-z_$][\w$]*)\??\s*([(:])/g;
const DOC_LINE = /^\s*\/\*\*\s*(.*?)\s*\*\/\s*$/;
const KEYWORDS = new Set([
  'if',
  'for',
  'while',
  'return',
  'switch',
  'case',
  'new',
  'typeof',
  'keyof',
  'extends',
]);

export function declaredNames(dts: string): DeclaredName[] {
  const out = new Map<string, DeclaredName>();
  const add = (n: DeclaredName) => {
    if (!out.has(n.label) && !KEYWORDS.has(n.label)) out.set(n.label, n);
  };
  let depth = 0;
  let blockComment = false;
  let doc: string | undefined;
  for (const raw of dts.split('\n')) {
    const docLine = DOC_LINE.exec(raw);
    if (docLine) {
      doc = docLine[1];
      continue;
    }
    let line = raw;
    if (blockComment) {
      const end = line.indexOf('*/');
      if (end < 0) continue;
      line = line.slice(end + 2);
      blockComment = false;
    }
    line = line.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '');
    const open = line.indexOf('/*');
    if (open >= 0) {
      line = line.slice(0, open);
      blockComment = true;
    }
    const info = doc ? { info: doc } : {};
    doc = undefined;
    const top = TOP.exec(line);
    if (top) {
      const kind = top[1]!;
      const type: DeclaredName['type'] =
        kind === 'const' || kind === 'let' || kind === 'var' ? 'variable' : (kind as DeclaredName['type']);
      add({ label: top[2]!, type, detail: line.trim(), ...info });
      // `interface X { readonly id: string; kind: K }` on one line
      const body = line.indexOf('{');
      if (body >= 0 && line.indexOf('}', body) > 0) {
        for (const m of line.slice(body).matchAll(INLINE_MEMBER)) {
          add({ label: m[1]!, type: m[2] === ':' ? 'property' : 'method', detail: `${top[2]}.${m[1]}` });
        }
      }
    } else if (depth > 0) {
      const m = MEMBER.exec(line);
      if (m) add({ label: m[1]!, type: m[2] === ':' ? 'property' : 'method', detail: line.trim(), ...info });
    }
    for (const ch of line) {
      if (ch === '{') depth++;
      else if (ch === '}') depth = Math.max(0, depth - 1);
    }
  }
  return [...out.values()];
}
