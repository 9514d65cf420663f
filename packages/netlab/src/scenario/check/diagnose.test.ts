import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { builtinScenarioDir } from '../../util/paths.js';
import { createScenarioChecker } from './diagnose.js';

const good = `import { scenario } from '@pulseboard/netlab/scenario';

export default scenario('ok', async (lab) => {
  const alice = await lab.addClient({ kind: 'ws', user: 'alice' });
  await lab.fault(alice, 'power-off');
});
`;

describe('scenario type-check', () => {
  const checker = createScenarioChecker(ts, builtinScenarioDir);

  it('finds nothing wrong in a correct scenario', () => {
    expect(checker.check(good)).toEqual([]);
  }, 60_000);

  it('puts a misspelt API call and a wrong argument on their lines and columns', () => {
    const bad = good
      .replace("await lab.fault(alice, 'power-off');", "await lab.fualt(alice, 'power-off');")
      .replace("kind: 'ws'", "kind: 'carrier-pigeon'");
    const d = checker.check(bad);
    expect(d.map((x) => [x.line, x.code])).toEqual([
      [4, 2322],
      [5, 2551],
    ]);
    const misspelt = d.find((x) => x.line === 5)!;
    expect(misspelt.column).toBe(13);
    expect(misspelt.message).toContain("Property 'fualt' does not exist");
    expect(misspelt.message).toContain("Did you mean 'fault'?");
    expect(d[0]!.message).toContain('carrier-pigeon');
    expect(d.every((x) => x.severity === 'error')).toBe(true);
  }, 60_000);

  it('reports a syntax error with its line', () => {
    const d = checker.check(
      "import { scenario } from '@pulseboard/netlab/scenario';\nexport default scenario('x', async (lab) => {\n  lab.wait(1\n});\n",
    );
    expect(d.length).toBeGreaterThan(0);
    expect(d[0]!.line).toBe(4);
  }, 60_000);
});
