import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Lab } from '../lab.js';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { builtinScenarioDir, labRunsDir } from '../util/paths.js';
import { createApiServer } from './api.js';
import { ScenarioStore } from './scenario-store.js';

// A scenario run through the lab API, as the editor does it: unsaved source in, result and
// report out, with the live events on the way.
describeAsRoot('lab API runs', () => {
  const lab = new Lab({ prefix: 'pbx' });
  const results = mkdtempSync(join(tmpdir(), 'pbx-api-'));
  const server = createApiServer({
    lab,
    store: new ScenarioStore(builtinScenarioDir, join(labRunsDir, `pbx-user-${process.pid}`)),
    uiDir: join(results, 'ui'),
    resultsDir: results,
  });
  let base = '';

  beforeAll(async () => {
    await lab.start();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await lab.stop();
    rmSync(results, { recursive: true, force: true });
    rmSync(join(labRunsDir, `pbx-user-${process.pid}`), { recursive: true, force: true });
  });

  it('runs editor source and serves the result and the report', async () => {
    const source = `import { scenario } from '@pulseboard/netlab/scenario';
export default scenario('from-editor', async (lab) => {
  await lab.startBoard();
  const a = await lab.addClient({ kind: 'ws', user: 'alice' });
  await lab.addClient({ kind: 'ws', user: 'bob' });
  await lab.fault(a, 'cable-pull');
  await lab.expectDetection(a, { within: 2500 });
  await lab.expectDetection(a, { within: 50 }); // must fail
});
`;
    const post = await fetch(base + '/api/runs', { method: 'POST', body: JSON.stringify({ source }) });
    expect(post.status).toBe(202);
    const { runId } = (await post.json()) as { runId: string };
    const result = await finished(runId);
    expect(result.scenario).toBe('from-editor');
    expect(result.status).toBe('failed');
    expect(result.expectations.map((e) => e.ok)).toEqual([true, false]);
    // Each expectation and each step knows the line of the editor text it came from.
    expect(result.expectations.map((e) => e.line)).toEqual([7, 8]);
    const steps = result.events.filter((e) => e.type === 'step').map((e) => [e.line, e.call]);
    expect(steps).toEqual([
      [3, 'startBoard'],
      [4, 'addClient'],
      [5, 'addClient'],
      [6, 'fault'],
      [7, 'expectDetection'],
      [8, 'expectDetection'],
    ]);
    const live = result.events.filter((e) => e.type === 'expectation');
    expect(live.map((e) => [e.ok, e.line])).toEqual([
      [true, 7],
      [false, 8],
    ]);
    expect(result.events.length).toBeGreaterThan(5);
    const list = (await (await fetch(base + '/api/runs')).json()) as { runId: string; events?: unknown }[];
    expect(list.find((r) => r.runId === runId)?.events).toBeUndefined();
    const report = await (await fetch(`${base}/api/runs/${runId}/report`)).text();
    expect(report).toContain('from-editor');
    // The run removed the clients it added.
    expect(lab.listClients()).toEqual([]);
  }, 60_000);

  it('lists a run under the name it was started with, not the name written inside the file', async () => {
    const source = `import { scenario } from '@pulseboard/netlab/scenario';
export default scenario('power-off', async (lab) => {
  await lab.wait(10);
  throw new Error('stop here');
});
`;
    const post = await fetch(base + '/api/runs', {
      method: 'POST',
      body: JSON.stringify({ scenario: 'demo-power-off', source }),
    });
    const result = await finished(((await post.json()) as { runId: string }).runId);
    expect(result.scenario).toBe('demo-power-off');
    // A scenario that throws says where.
    expect(result.expectations).toEqual([
      { name: 'scenario ran to the end', ok: false, message: 'stop here', line: 4 },
    ]);
  }, 60_000);

  type Result = {
    status: string;
    scenario: string;
    expectations: { name: string; ok: boolean; message: string; line?: number }[];
    events: { type: string; line?: number; call?: string; ok?: boolean }[];
  };
  async function finished(runId: string): Promise<Result> {
    let result: Result | undefined;
    for (let i = 0; i < 300; i++) {
      result = (await (await fetch(`${base}/api/runs/${runId}`)).json()) as Result;
      if (result.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return result!;
  }
});
