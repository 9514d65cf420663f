import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type ts from 'typescript';
import { netlabSrc } from '../../util/paths.js';

// Writes the scenario API's declarations (served at GET /api/types/scenario.d.ts) from its
// source, scenario/api.ts, and the lab types it uses (types.ts, followed transitively), so the
// editor's list can never drift from what a scenario file compiles against. The output is
// shaped for the lab UI's line reader (apps/lab-ui/src/editor/declaredNames.ts): one member
// or declaration per line, each doc comment on the one line above it.

const moduleName = '@pulseboard/netlab/scenario';
/** The files the declarations come from, in the order they are printed. */
const sources = ['types.ts', 'scenario/api.ts'];

type Decl = ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.FunctionDeclaration;

export function generateScenarioDts(tsm: typeof ts, srcDir = netlabSrc): string {
  const files = sources.map((f) =>
    tsm.createSourceFile(f, readFileSync(join(srcDir, f), 'utf8'), tsm.ScriptTarget.ES2022, true),
  );
  const declared = new Map<string, { decls: Decl[]; file: ts.SourceFile; order: number }>();
  let order = 0;
  for (const file of files) {
    for (const st of file.statements) {
      if (!isDecl(tsm, st) || !st.name) continue;
      const entry = declared.get(st.name.text) ?? { decls: [], file, order: order++ };
      entry.decls.push(st);
      declared.set(st.name.text, entry);
    }
  }
  const api = files[files.length - 1]!;
  // Everything api.ts exports, and every type it reaches.
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name)) return;
    const entry = declared.get(name);
    if (!entry) return;
    wanted.add(name);
    for (const d of entry.decls) for (const ref of typeRefs(tsm, d)) visit(ref);
  };
  for (const st of api.statements) {
    if (isDecl(tsm, st) && st.name && exported(tsm, st)) visit(st.name.text);
  }
  for (const ref of unresolved(
    tsm,
    [...wanted].flatMap((n) => declared.get(n)!.decls),
    declared,
  )) {
    throw new Error(`scenario d.ts: "${ref}" is neither a global nor declared in ${sources.join(' or ')}`);
  }

  const printer = tsm.createPrinter({ removeComments: true });
  const lines: string[] = [];
  const entries = [...wanted].map((n) => declared.get(n)!).sort((a, b) => a.order - b.order);
  for (const { decls, file } of entries) {
    const overloads = decls.filter((d) => !tsm.isFunctionDeclaration(d) || !d.body);
    for (const d of overloads.length > 0 ? overloads : decls) lines.push(...print(tsm, printer, d, file));
  }
  return `declare module '${moduleName}' {\n${lines.map((l) => `  ${l}`).join('\n')}\n}\n`;
}

function isDecl(tsm: typeof ts, n: ts.Node): n is Decl {
  return tsm.isInterfaceDeclaration(n) || tsm.isTypeAliasDeclaration(n) || tsm.isFunctionDeclaration(n);
}

function exported(tsm: typeof ts, n: Decl): boolean {
  return !!n.modifiers?.some((m) => m.kind === tsm.SyntaxKind.ExportKeyword);
}

/** Names of the types a declaration refers to (`Foo` in `x: Foo<Bar>`, and `Bar`). */
function typeRefs(tsm: typeof ts, node: ts.Node): string[] {
  const out: string[] = [];
  const walk = (n: ts.Node) => {
    if (tsm.isTypeReferenceNode(n) && tsm.isIdentifier(n.typeName)) out.push(n.typeName.text);
    if (tsm.isExpressionWithTypeArguments(n) && tsm.isIdentifier(n.expression)) out.push(n.expression.text);
    tsm.forEachChild(n, walk);
  };
  walk(node);
  return out;
}

/** References that are neither declared in the sources nor TypeScript's own (Promise, Record...). */
function unresolved(tsm: typeof ts, decls: Decl[], declared: Map<string, unknown>): string[] {
  const builtins = new Set(['Promise', 'Record', 'Required', 'Partial', 'Readonly', 'Pick', 'Omit', 'Array']);
  const own = new Set<string>();
  for (const d of decls) for (const p of d.typeParameters ?? []) own.add(p.name.text);
  return [...new Set(decls.flatMap((d) => typeRefs(tsm, d)))].filter(
    (r) => !declared.has(r) && !builtins.has(r) && !own.has(r),
  );
}

/** The doc comment of a node on one line ('' when it has none). */
function docLine(tsm: typeof ts, node: ts.Node, file: ts.SourceFile): string[] {
  const ranges = tsm.getLeadingCommentRanges(file.text, node.pos) ?? [];
  const docs = ranges
    .map((r) => file.text.slice(r.pos, r.end))
    .filter((c) => c.startsWith('/**'))
    .map((c) =>
      c
        .replace(/^\/\*\*|\*\/$/g, '')
        .split('\n')
        .map((l) => l.replace(/^\s*\*?\s?/, '').trim())
        .filter(Boolean)
        .join(' '),
    );
  const text = docs.join(' ').replace(/\*\//g, '*\\/');
  return text ? [`/** ${text} */`] : [];
}

/** Every node under `node` printed on one line, without its comments. */
function oneLine(tsm: typeof ts, node: ts.Node): void {
  tsm.setEmitFlags(node, tsm.EmitFlags.SingleLine | tsm.EmitFlags.NoComments);
  tsm.forEachChild(node, (n) => oneLine(tsm, n));
}

function print(tsm: typeof ts, printer: ts.Printer, d: Decl, file: ts.SourceFile): string[] {
  const text = (n: ts.Node) => {
    oneLine(tsm, n);
    return printer
      .printNode(tsm.EmitHint.Unspecified, n, file)
      .replace(/\s*\n\s*/g, ' ')
      .replace(/; }/g, ' }');
  };
  const doc = docLine(tsm, d, file);
  if (tsm.isFunctionDeclaration(d) && d.body) {
    // The implementation's signature, without its body.
    const sig = tsm.factory.updateFunctionDeclaration(
      d,
      d.modifiers,
      d.asteriskToken,
      d.name,
      d.typeParameters,
      d.parameters,
      d.type,
      undefined,
    );
    return [...doc, `export ${strip(text(sig))}`];
  }
  if (!tsm.isInterfaceDeclaration(d)) return [...doc, `export ${strip(text(d))}`];
  const head = `export interface ${d.name.text}${typeParams(d, text)}${
    d.heritageClauses ? ` ${d.heritageClauses.map((h) => text(h).trim()).join(' ')}` : ''
  } {`;
  const members = d.members.flatMap((m) => [...docLine(tsm, m, file), text(m)].map((l) => `  ${l}`));
  return [...doc, head, ...members, '}'];
}

function typeParams(d: ts.InterfaceDeclaration, text: (n: ts.Node) => string): string {
  return d.typeParameters ? `<${d.typeParameters.map(text).join(', ')}>` : '';
}

/** `export declare function f()` / `export type X` as one declaration without its `export`. */
function strip(s: string): string {
  return s.replace(/^export\s+(declare\s+)?/, '');
}
