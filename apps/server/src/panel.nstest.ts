import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromiumArgs } from '@pulseboard/netlab/clients/browser-client';
import { applyFault } from '@pulseboard/harness/faults/index';
import { cleanupLeftovers, createLab, type Lab, type LabHost } from '@pulseboard/harness/ns/index';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { startTestServer, testUsers, type TestServer } from './testing/harness.js';

// Two real panels in Chromium, each browser inside its own namespace (an executable wrapper
// runs `ip netns exec NS chromium`). Pulling alice's cable must show her offline on bob's
// screen, and alice's own panel must tell her that *her* connection is in trouble.

const panelDir = fileURLToPath(new URL('../panel/dist', import.meta.url));

async function buildPanelIfMissing(): Promise<void> {
  if (existsSync(join(panelDir, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ root: fileURLToPath(new URL('../panel', import.meta.url)), logLevel: 'warn' });
}

describeAsRoot('the panel in browsers on a virtual network', () => {
  let lab: Lab;
  let t: TestServer;
  let url: string;
  let tmp: string;
  const browsers: Browser[] = [];

  async function panelIn(host: LabHost, user: string): Promise<Page> {
    const wrapper = join(tmp, `chromium-${host.name}`);
    await writeFile(wrapper, `#!/bin/sh\nexec ip netns exec ${host.ns} /usr/bin/chromium "$@"\n`);
    await chmod(wrapper, 0o755);
    const browser = await chromium.launch({ executablePath: wrapper, args: chromiumArgs, headless: true });
    browsers.push(browser);
    const password = testUsers.find((u) => u.name === user)!.password;
    const context = await browser.newContext({ httpCredentials: { username: user, password } });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForSelector('[data-testid="connection-banner"][data-status="online"]', {
      state: 'attached',
    });
    return page;
  }

  beforeAll(async () => {
    await buildPanelIfMissing();
    await cleanupLeftovers('pbs');
    tmp = await mkdtemp(join(tmpdir(), 'pbs-browser-'));
    lab = await createLab({ prefix: 'pbs', hosts: ['alice', 'bob'], subnet: 7 });
    t = await startTestServer({ panelDir });
    const listener = await lab.listen();
    t.server.acceptFrom(listener);
    url = `http://${lab.serverAddress}:${(listener.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await t?.close();
    await lab?.destroy();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('bob’s panel shows alice offline after her cable is pulled; alice’s panel shows her own link lost', async () => {
    const alice = await panelIn(lab.host('alice'), 'alice');
    const bob = await panelIn(lab.host('bob'), 'bob');
    await bob.waitForSelector('[data-testid="presence-alice"][data-state="online"]');

    const fault = await applyFault(lab.host('alice'), { kind: 'cable-pull' });
    try {
      await bob.waitForSelector('[data-testid="presence-alice"][data-state="offline"]', { timeout: 3000 });
      const shownMs = Date.now() - fault.appliedAt;
      console.info(`browser: bob's panel showed alice offline ${shownMs} ms after the cut`);
      expect(shownMs).toBeLessThan(2500);
      // alice hears nothing any more: her banner goes up (suspect, then lost).
      await alice.waitForSelector('[data-testid="connection-banner"]:not([data-status="online"])', {
        timeout: 5000,
      });
      expect(await alice.getByTestId('connection-banner').isVisible()).toBe(true);
    } finally {
      await fault.heal();
    }
    // Link back: alice's panel reconnects by itself and bob sees her again.
    await alice.waitForSelector('[data-testid="connection-banner"][data-status="online"]', {
      state: 'attached',
      timeout: 20_000,
    });
    await bob.waitForSelector('[data-testid="presence-alice"][data-state="online"]', { timeout: 5000 });
  });
});
