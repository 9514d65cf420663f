import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { scenarioDts } from '../scenario-dts.js';
import { generateScenarioDts } from './generate.js';
import { scenarioDtsFile, scenarioDtsModule } from './write.js';

/** Type-checks `source` against nothing but the declarations `dts` (plus TypeScript's lib). */
function checkAgainst(dts: string, source: string): { file: string; line: number; code: number }[] {
  const files: Record<string, string> = { '/virtual/scenario.d.ts': dts, '/virtual/use.ts': source };
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
    lib: ['lib.es2022.d.ts'],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) =>
    files[name] !== undefined ? ts.createSourceFile(name, files[name], lang) : read(name, lang);
  host.fileExists = (name) => files[name] !== undefined || ts.sys.fileExists(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  const use = program.getSourceFile('/virtual/use.ts')!;
  return ts.getPreEmitDiagnostics(program).map((d) => ({
    line: d.file ? d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1 : 0,
    code: d.code,
    file: d.file === use ? 'use' : (d.file?.fileName ?? ''),
  }));
}

const good = `import { scenario } from '@pulseboard/netlab/scenario';

export default scenario('ok', { fast: true }, async (lab) => {
  await lab.startBoard();
  const alice = await lab.addClient({ kind: 'ws', user: 'alice' });
  const f = await lab.fault(alice, 'loss', { percent: 20 });
  await lab.expectDetection(alice, { within: 2500, state: 'offline' });
  await f.heal();
  lab.expect('events', lab.events.some((e) => e.type === 'detected' && e.latencyMs > 0));
});
`;

describe('the scenario d.ts, generated from scenario/api.ts', () => {
  it('is what the checked-in scenario-dts.ts carries (else: npm run gen:scenario-dts)', () => {
    const fresh = generateScenarioDts(ts);
    expect(scenarioDts, 'scenario-dts.ts is stale: run `npm run gen:scenario-dts`').toBe(fresh);
    expect(readFileSync(scenarioDtsFile, 'utf8')).toBe(scenarioDtsModule(fresh));
  });

  it('is complete on its own: a scenario compiles against it, a misspelt call does not', () => {
    expect(checkAgainst(scenarioDts, good)).toEqual([]);
    const bad = good
      .replace('lab.fault(alice', 'lab.fualt(alice')
      .replace("kind: 'ws'", "kind: 'pigeon'")
      .replace('e.latencyMs > 0', 'e.latency > 0');
    expect(checkAgainst(scenarioDts, bad).map((d) => [d.line, d.code])).toEqual([
      [5, 2322], // 'pigeon' is no ClientKind
      [6, 2551], // fualt: did you mean fault?
      [9, 2551], // latency: the detected event has latencyMs (the union narrows)
    ]);
  }, 60_000);

  it('has every member of ScenarioLab, each on its own line with its one-line doc above', () => {
    const lines = scenarioDts.split('\n');
    for (const m of ['startBoard', 'addClient', 'addClients', 'fault', 'partition', 'expectDetection']) {
      const i = lines.findIndex((l) => l.trimStart().startsWith(`${m}(`));
      expect(i, m).toBeGreaterThan(0);
      expect(lines[i - 1], m).toMatch(/^\s*\/\*\* .+ \*\/$/);
    }
  });
});
