import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { builtinScenarioDir } from '../util/paths.js';
import { scenario } from './api.js';
import { loadScenario } from './load.js';
import { runIsolated } from './runner.js';

// The scenario engine end to end, on real namespaces with the real board.
describeAsRoot('scenario engine', () => {
  it('fails a scenario that expects detection within 100 ms', async () => {
    const tooStrict = scenario('too-strict', async (lab) => {
      await lab.startBoard();
      const a = await lab.addClient({ kind: 'ws', user: 'alice' });
      await lab.addClient({ kind: 'ws', user: 'bob' });
      await lab.fault(a, 'blackhole');
      await lab.expectDetection(a, { within: 100 });
      await lab.expectPresence('alice', 'offline', { within: 100 });
    });
    const r = await runIsolated(tooStrict, { prefix: 'pbx' });
    expect(r.status).toBe('failed');
    expect(r.expectations.map((e) => e.ok)).toEqual([false, false]);
    expect(r.expectations[0]!.message).toBe('no detection within 100 ms');
  });

  const fast: string[] = [];
  for (const f of readdirSync(builtinScenarioDir).filter((f) => f.endsWith('.ts'))) fast.push(f);

  it.each(fast)(
    'built-in %s loads; the fast ones pass',
    async (file) => {
      const def = await loadScenario(join(builtinScenarioDir, file));
      expect(def.name).toBe(file.replace(/\.ts$/, ''));
      if (!def.fast) return;
      const r = await runIsolated(def, { prefix: 'pbx' });
      const failed = r.expectations.filter((e) => !e.ok);
      expect(failed).toEqual([]);
      expect(r.status).toBe('passed');
    },
    120_000,
  );
});
