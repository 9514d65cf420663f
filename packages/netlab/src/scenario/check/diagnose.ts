import { join } from 'node:path';
import type ts from 'typescript';
import type { Diagnostic } from '../../types.js';

// Type-checks editor text as if it were a file in the repository's scenarios folder, with that
// folder's tsconfig: the same imports, the same strictness as `npm run typecheck`. One language
// service is kept, so after the first check (~1-2 s: it loads the scenario API's types) each
// edit costs tens of milliseconds.

export type { Diagnostic };

export interface ScenarioChecker {
  check(source: string): Diagnostic[];
}

export function createScenarioChecker(tsm: typeof ts, scenariosDir: string): ScenarioChecker {
  const configFile = join(scenariosDir, 'tsconfig.json');
  const read = tsm.readConfigFile(configFile, (p) => tsm.sys.readFile(p));
  if (read.error) throw new Error(tsm.flattenDiagnosticMessageText(read.error.messageText, '\n'));
  const parsed = tsm.parseJsonConfigFileContent(read.config, tsm.sys, scenariosDir);
  const fileName = join(scenariosDir, '.editor-check.ts');
  let text = '';
  let version = 0;
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => ({ ...parsed.options, noEmit: true }),
    getScriptFileNames: () => [fileName],
    getScriptVersion: (f) => (f === fileName ? String(version) : '1'),
    getScriptSnapshot: (f) => {
      if (f === fileName) return tsm.ScriptSnapshot.fromString(text);
      const disk = tsm.sys.readFile(f);
      return disk === undefined ? undefined : tsm.ScriptSnapshot.fromString(disk);
    },
    getCurrentDirectory: () => scenariosDir,
    getDefaultLibFileName: (o) => tsm.getDefaultLibFilePath(o),
    fileExists: (f) => f === fileName || tsm.sys.fileExists(f),
    readFile: (f) => (f === fileName ? text : tsm.sys.readFile(f)),
    readDirectory: (...a) => tsm.sys.readDirectory(...a),
    directoryExists: (d) => tsm.sys.directoryExists(d),
    getDirectories: (d) => tsm.sys.getDirectories(d),
  };
  const service = tsm.createLanguageService(host, tsm.createDocumentRegistry());
  return {
    check(source) {
      text = source;
      version++;
      const all = [...service.getSyntacticDiagnostics(fileName), ...service.getSemanticDiagnostics(fileName)];
      const file = service.getProgram()?.getSourceFile(fileName);
      return all.map((d) => toDiagnostic(tsm, d, file));
    },
  };
}

function toDiagnostic(tsm: typeof ts, d: ts.Diagnostic, file: ts.SourceFile | undefined): Diagnostic {
  const start = d.start ?? 0;
  const end = start + (d.length ?? 0);
  const a = file ? file.getLineAndCharacterOfPosition(start) : { line: 0, character: 0 };
  const b = file ? file.getLineAndCharacterOfPosition(end) : a;
  return {
    line: a.line + 1,
    column: a.character + 1,
    endLine: b.line + 1,
    endColumn: b.character + 1,
    severity: d.category === tsm.DiagnosticCategory.Error ? 'error' : 'warning',
    message: tsm.flattenDiagnosticMessageText(d.messageText, '\n'),
    code: d.code,
  };
}
