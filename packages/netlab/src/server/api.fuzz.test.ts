import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParams, fuzzTimeoutMs, mutated, nastyString } from '@pulseboard/core/testing/fuzz';
import { Lab } from '../lab.js';
import { createApiServer } from './api.js';
import { ScenarioStore } from './scenario-store.js';

// Fuzz (issue 12): the lab's scenario API with arbitrary names and bodies answers with a
// client error or success, never a 500, and keeps serving. (Runs need a started lab; the
// lab's "unavailable" answer is its own, tested in api.test.ts.)
describe('scenario API fuzz', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pblab-fuzz-'));
  const server = createApiServer({
    lab: new Lab({ prefix: 'pbz' }),
    unavailable: 'not started in this test',
    store: new ScenarioStore(join(dir, 'builtin'), join(dir, 'user')),
    uiDir: join(dir, 'ui'),
    resultsDir: join(dir, 'results'),
  });
  let base = '';
  beforeAll(async () => {
    mkdirSync(join(dir, 'builtin'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'PUT and GET /api/scenarios/:name answer anything without a 500',
    async () => {
      const source = "export default scenario('x', async () => {});\n";
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.constantFrom('demo', 'my-test', '..', '%2e%2e', 'a'.repeat(80)),
            mutated(['my-scenario'], 10),
            nastyString(30),
          ),
          fc.oneof(
            fc
              .record({ source: fc.oneof(fc.constant(source), nastyString(200)) })
              .map((b) => JSON.stringify(b)),
            fc.json({ maxDepth: 3 }),
            nastyString(100),
          ),
          async (name, body) => {
            const path = `/api/scenarios/${encodeURIComponent(name)}`;
            const put = await fetch(base + path, {
              method: 'PUT',
              headers: { 'content-type': 'application/json' },
              body,
            });
            expect(put.status).toBeLessThan(500);
            await put.arrayBuffer();
            const get = await fetch(base + path);
            expect(get.status).toBeLessThan(500);
            await get.arrayBuffer();
          },
        ),
        fuzzParams(100),
      );
      expect((await fetch(`${base}/api/scenarios`)).status).toBe(200);
    },
    fuzzTimeoutMs(),
  );
});
