import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinScenarioDir } from '../../util/paths.js';
import { ScenarioCheckWorker } from './check-client.js';

describe('ScenarioCheckWorker (a real worker thread running TypeScript)', () => {
  const worker = new ScenarioCheckWorker(builtinScenarioDir, 60_000);
  afterAll(() => worker.close());

  it('answers each check with its own diagnostics, in a thread of its own', async () => {
    const ok =
      "import { scenario } from '@pulseboard/netlab/scenario';\nexport default scenario('a', async (lab) => {\n  await lab.wait(1);\n});\n";
    const bad = ok.replace('lab.wait(1)', "lab.wait('soon')");
    const [a, b] = await Promise.all([worker.check(ok), worker.check(bad)]);
    expect(a).toEqual([]);
    expect(b.map((d) => [d.line, d.code])).toEqual([[3, 2345]]);
  }, 90_000);

  it('fails with CHECK_UNAVAILABLE, not a hang, when the checker cannot start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-check-'));
    const broken = new ScenarioCheckWorker(dir, 60_000); // no tsconfig.json there
    try {
      await expect(broken.check('x')).rejects.toMatchObject({
        code: 'CHECK_UNAVAILABLE',
        message: expect.stringContaining('could not start'),
      });
    } finally {
      await broken.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
