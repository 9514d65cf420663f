import { writeFileSync } from 'node:fs';
import { test as base } from '@playwright/test';
import { renderReport } from '@pulseboard/netlab/report/html';
import type { FaultKind, FaultParams, LabEvent, RunResult } from '@pulseboard/netlab/types';
import { labUnavailable } from './availability.js';
import { LabWorld, type Client, type Target } from './lab-world.js';
import type { Panel } from './panel.js';

export interface LabTestFixtures {
  /** `user`'s real panel, in Chromium inside its own lab host (so faults cut its link). */
  panelAs: (user: string) => Promise<Panel>;
  /** A scripted client (ws, sse, http, tcp) as `user`, connected. */
  clientAs: (
    user: string,
    options: { kind: Client['kind'] & ('ws' | 'sse' | 'http' | 'tcp') },
  ) => Promise<Client>;
  /** Cuts or degrades links: 'cable-pull', 'power-off', 'blackhole', 'loss', 'delay', 'rst', 'fin', ... */
  fault: (target: Target | Target[], kind: FaultKind, params?: FaultParams) => Promise<unknown>;
  /** Heals every fault of this test. */
  heal: () => Promise<void>;
  /** Records the test's lab events and attaches its HTML report and JSON to the test (automatic). */
  labRecorder: void;
}

export interface LabWorkerFixtures {
  /** The worker's lab: a virtual network and a board, shared by the worker's tests. */
  lab: LabWorld;
  /**
   * The board: 'sim' (default), a board file's path, or an external board's URL (a real board,
   * or one your suite started; the lab reaches it by routing). Set with `test.use({ labBoard })`.
   */
  labBoard: string | undefined;
  /** An external board's accounts (user → password); `lab` must be an admin. Board files and sim need none. */
  labAccounts: Record<string, string> | undefined;
  /**
   * The second octet of the workers' lab subnets: worker i uses 10.(labSubnet + i).0.0/16.
   * Fix it when an external board must route the lab's subnet back; default: picked per run.
   */
  labSubnet: number | undefined;
  /**
   * Names the worker's namespaces and nft tables (`<labPrefix><worker index>`, default `pw`).
   * Two Playwright runs on one machine at once need different prefixes: a lab removes the
   * leftovers of its own prefix when it starts.
   */
  labPrefix: string;
}

export const test = base.extend<LabTestFixtures, LabWorkerFixtures>({
  labBoard: [undefined, { scope: 'worker', option: true }],
  labPrefix: ['pw', { scope: 'worker', option: true }],
  labAccounts: [undefined, { scope: 'worker', option: true }],
  labSubnet: [undefined, { scope: 'worker', option: true }],
  lab: [
    async ({ labBoard, labPrefix, labAccounts, labSubnet }, use, workerInfo) => {
      const why = await labUnavailable();
      if (why) throw new Error(why);
      // One network per worker: workers running at once never share names or a subnet.
      const world = await LabWorld.start({
        prefix: `${labPrefix}${workerInfo.parallelIndex}`,
        board: labBoard,
        accounts: labAccounts,
        subnetOctet: labSubnet === undefined ? undefined : labSubnet + workerInfo.parallelIndex,
      });
      try {
        await use(world);
      } finally {
        await world.stop();
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],
  panelAs: async ({ lab }, use) => use((user) => lab.panelAs(user)),
  clientAs: async ({ lab }, use) => use((user, options) => lab.clientAs(user, options)),
  fault: async ({ lab }, use) => use((target, kind, params) => lab.fault(target, kind, params)),
  heal: async ({ lab }, use) => use(() => lab.heal()),
  labRecorder: [
    async ({ lab }, use, testInfo) => {
      const events: LabEvent[] = [];
      const record = (e: LabEvent) => void events.push(e);
      lab.lab.on('event', record);
      const startedAt = Date.now();
      try {
        await use();
      } finally {
        lab.lab.off('event', record);
        const run: RunResult = {
          runId: `${testInfo.testId}-${testInfo.retry}`,
          scenario: testInfo.titlePath.join(' › '),
          status:
            testInfo.status === 'passed' ? 'passed' : testInfo.status === 'skipped' ? 'stopped' : 'failed',
          startedAt,
          endedAt: Date.now(),
          expectations: [],
          events,
        };
        // Files, not bodies: reporters link them instead of printing a page of HTML.
        const html = testInfo.outputPath('lab-report.html');
        const json = testInfo.outputPath('lab-run.json');
        writeFileSync(html, renderReport(run));
        writeFileSync(json, JSON.stringify(run, null, 2));
        await testInfo.attach('lab-report.html', { path: html, contentType: 'text/html' });
        await testInfo.attach('lab-run.json', { path: json, contentType: 'application/json' });
        // The next test starts clean even when this one threw half-way.
        await lab.reset();
      }
    },
    { auto: true },
  ],
});
