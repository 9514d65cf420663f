import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { PulseboardError } from '../errors.js';
import { boardSchema, type Board } from './board.js';

export interface BoardIssue {
  /** Field path like `lines[2].safeValue`; empty for the document itself. */
  path: string;
  /** 1-based line in the file, when the parser could place it. */
  line?: number;
  message: string;
}

// Shipped boards live in packages/core/boards/, found through the package's exports rather than
// relative to this file: the server's bundle (apps/server/scripts/bundle.mjs) moves this code.
const builtinDir = () => dirname(createRequire(import.meta.url).resolve('@pulseboard/core/boards/sim.json'));

/** `loadBoard('sim')` loads a shipped board; anything with a slash or an extension is a path. */
export function loadBoard(nameOrPath: string): Board {
  const isPath = nameOrPath.includes('/') || extname(nameOrPath) !== '';
  const file = isPath ? resolve(nameOrPath) : join(builtinDir(), `${nameOrPath}.json`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such board file' : String(err);
    throw new PulseboardError('BOARD_INVALID', `Board ${nameOrPath}: ${reason} (${file})`, { file });
  }
  return parseBoard(text, file);
}

/**
 * Parses JSON or YAML (JSON is read by the YAML parser too, so both get line numbers) and
 * validates it. Throws BOARD_INVALID whose message names every bad field and its line.
 */
export function parseBoard(text: string, source = '<board>'): Board {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const issues = doc.errors.map((e) => ({
      path: '',
      line: lineCounter.linePos(e.pos[0]).line,
      message: e.message.split('\n')[0] ?? e.message,
    }));
    throw boardError(source, issues);
  }
  // toJS() throws for an alias it cannot resolve, or one that expands too much (a YAML bomb).
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw boardError(source, [{ path: '', message: err instanceof Error ? err.message : String(err) }]);
  }
  const result = boardSchema.safeParse(data);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    line: lineOf(doc, lineCounter, issue.path),
    message: issue.message,
  }));
  throw boardError(source, issues);
}

function boardError(source: string, issues: BoardIssue[]): PulseboardError {
  const lines = issues.map(
    (i) => `  ${i.path || '(document)'}${i.line !== undefined ? ` (line ${i.line})` : ''}: ${i.message}`,
  );
  return new PulseboardError('BOARD_INVALID', `Invalid board ${source}:\n${lines.join('\n')}`, {
    source,
    issues,
  });
}

function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}

// A missing field has no node: report the nearest ancestor that exists (the object lacking it).
function lineOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}
