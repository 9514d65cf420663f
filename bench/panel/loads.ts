import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { openUserStore } from '@pulseboard/core/auth/index';
import { chromiumArgs } from '@pulseboard/netlab/clients/browser-client';
import { waitForListening } from '@pulseboard/server/testing/listening';

// Page loads in Chromium against the built server (a child process, board sim), each in a fresh
// context (cold cache, new Digest login): when the first content was painted, and when the board
// showed a line's live value, both on the page's clock from navigation start.

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'apps/server/bin/pulseboard.js');
const password = 'panel-bench-pw';

export interface LoadSample {
  /** first-contentful-paint, ms since navigation start. */
  paintMs: number;
  /** The first tile holding a value the server sent (ms since navigation start); null for the floor. */
  liveMs: number | null;
}

interface Served {
  url: string;
  close(): Promise<void>;
}

async function serve(dataDir: string): Promise<Served> {
  await openUserStore({ dataDir }).add('viewer', password, 'viewer');
  const child: ChildProcess = spawn(
    process.execPath,
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--data', dataDir, '--board', 'sim'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PULSEBOARD_LOG_LEVEL: 'warn' } },
  );
  const { url } = await waitForListening(child, 20_000);
  return {
    url,
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function oneLoad(browser: Browser, url: string, panel: boolean): Promise<LoadSample> {
  const context = await browser.newContext({ httpCredentials: { username: 'viewer', password } });
  try {
    const page = await context.newPage();
    await page.goto(panel ? url : `${url}/signout?from=viewer`, { waitUntil: 'commit' });
    const liveMs = panel
      ? ((await (
          await page.waitForFunction(
            () =>
              document.querySelector(
                '[data-testid="board"] li[data-value="0"], [data-testid="board"] li[data-value="1"]',
              )
                ? performance.now()
                : null,
            undefined,
            { polling: 'raf', timeout: 20_000 },
          )
        ).jsonValue()) as number)
      : null;
    const paintMs = (await page
      .waitForFunction(
        () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
        undefined,
        { polling: 50, timeout: 20_000 },
      )
      .then((h) => h.jsonValue())) as number;
    return { paintMs, liveMs };
  } finally {
    await context.close();
  }
}

/**
 * `samples` loads of the panel and, interleaved, of the floor: the same server's "signed out"
 * page (an inline-styled page, no script) reached through the same Digest login.
 */
export async function measureLoads(
  samples: number,
  chromiumPath: string,
  log: (line: string) => void,
): Promise<{ panel: LoadSample[]; floor: LoadSample[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-panel-'));
  const server = await serve(dataDir);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
  const panel: LoadSample[] = [];
  const floor: LoadSample[] = [];
  try {
    // One warm-up of each (the server's first request compiles its routes, the browser warms up).
    await oneLoad(browser, server.url, true);
    await oneLoad(browser, server.url, false);
    for (let i = 0; i < samples; i++) {
      panel.push(await oneLoad(browser, server.url, true));
      floor.push(await oneLoad(browser, server.url, false));
      if ((i + 1) % 5 === 0) log(`  ${i + 1}/${samples} loads`);
    }
  } finally {
    await browser.close();
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return { panel, floor };
}
