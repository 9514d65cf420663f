// What people *see* (issue 10), in a real browser against the real server as a child process
// (so it can be frozen with SIGSTOP):
//   tab close  -> that user offline on another screen; floor: the server saw the socket end
//   link loss  -> the panel's own "reconnecting" while the server hangs; floor: the browser's
//                 WebSocket noticing anything (close/error), which it never does during a hang
// Each sample is timed on one clock: the test's Date.now() when it acts, the page's Date.now()
// (a MutationObserver) when the screen changes, the server's detectedAt in its log.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { openUserStore } from '@pulseboard/core/auth/index';
import { chromiumArgs } from '@pulseboard/netlab/clients/browser-client';
import { waitForListening } from '@pulseboard/server/testing/listening';

export interface BrowserTruthOptions {
  tabCloseSamples: number;
  linkLossSamples: number;
  /** How long each SIGSTOP lasts at most; the browser-WebSocket floor is censored there. */
  hangMs: number;
  chromiumPath: string;
  log: (line: string) => void;
}

export interface BrowserTruthResult {
  tabClose: { ours: number[]; floor: number[] };
  linkLoss: { ours: number[]; browserWs: number[]; browserWsCensored: number };
}

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'apps/server/bin/pulseboard.js');
const users = { alice: 'alice-bench-pw', bob: 'bob-bench-pw' } as const;

export function chromiumAvailable(path: string): boolean {
  return existsSync(path) && existsSync(join(root, 'apps/server/panel/dist/index.html'));
}

interface Served {
  url: string;
  child: ChildProcess;
  output: () => string;
  close(): Promise<void>;
}

async function serve(dataDir: string): Promise<Served> {
  const store = openUserStore({ dataDir });
  for (const [name, password] of Object.entries(users)) await store.add(name, password, 'operator');
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--host', '127.0.0.1', '--port', '0', '--data', dataDir, '--board', 'sim'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PULSEBOARD_LOG_LEVEL: 'info' } },
  );
  const { url, output } = await waitForListening(child, 20_000);
  return {
    url,
    child,
    output,
    async close() {
      if (child.exitCode !== null) return;
      child.kill('SIGCONT');
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function context(browser: Browser, url: string, name: keyof typeof users): Promise<BrowserContext> {
  return browser.newContext({ baseURL: url, httpCredentials: { username: name, password: users[name] } });
}

async function panel(ctx: BrowserContext, url: string): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForSelector('[data-testid="connection-banner"][data-status="online"]', {
    state: 'attached',
  });
  return page;
}

/** Stamps (page clock) every change of a user's presence state and of the page's own link status. */
async function instrument(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { marks: { what: string; at: number }[] };
    w.marks = [];
    const last = new Map<string, string | null>();
    new MutationObserver(() => {
      const els = document.querySelectorAll('[data-testid^="presence-"], [data-testid="connection-banner"]');
      for (const el of Array.from(els)) {
        const key = el.getAttribute('data-testid')!;
        const value = el.getAttribute(key === 'connection-banner' ? 'data-status' : 'data-state');
        if (last.get(key) === value) continue;
        last.set(key, value);
        w.marks.push({ what: `${key}=${String(value)}`, at: Date.now() });
      }
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
}

async function markAfter(page: Page, what: string, after: number, timeoutMs: number): Promise<number | null> {
  const handle = await page
    .waitForFunction(
      ([w, t]) =>
        (window as unknown as { marks: { what: string; at: number }[] }).marks.find(
          (m) => m.what === w && m.at >= t,
        )?.at ?? false,
      [what, after] as const,
      { timeout: timeoutMs, polling: 20 },
    )
    .catch(() => null);
  return handle ? ((await handle.jsonValue()) as number) : null;
}

/** The server's detection of bob's WebSocket ending, from its JSON log, at or after `after`. */
function serverSawEnd(output: string, after: number): number | null {
  for (const line of output.split('\n')) {
    if (!line.includes('"event":"detection"') || !line.includes('"user":"bob"')) continue;
    const l = JSON.parse(line) as { state: string; transport: string; detectedAt: number };
    if (l.state === 'dead' && l.transport === 'ws' && l.detectedAt >= after) return l.detectedAt;
  }
  return null;
}

export async function measureBrowserTruth(o: BrowserTruthOptions): Promise<BrowserTruthResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pb-bench-truth-'));
  const served = await serve(dataDir);
  const browser = await chromium.launch({
    executablePath: o.chromiumPath,
    args: chromiumArgs,
  });
  const result: BrowserTruthResult = {
    tabClose: { ours: [], floor: [] },
    linkLoss: { ours: [], browserWs: [], browserWsCensored: 0 },
  };
  try {
    const aliceCtx = await context(browser, served.url, 'alice');
    // The browser's own WebSocket events, to show what a panel without its heartbeat would know.
    await aliceCtx.addInitScript(() => {
      const w = window as unknown as { wsEvents: number[] };
      w.wsEvents = [];
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols);
          this.addEventListener('close', () => w.wsEvents.push(Date.now()));
          this.addEventListener('error', () => w.wsEvents.push(Date.now()));
        }
      };
    });
    const alice = await panel(aliceCtx, served.url);
    await instrument(alice);
    const bobCtx = await context(browser, served.url, 'bob');

    for (let i = 0; i < o.tabCloseSamples; i++) {
      const bob = await panel(bobCtx, served.url);
      await alice.waitForFunction(
        () => document.querySelector('[data-testid="presence-bob"]')?.getAttribute('data-state') === 'online',
      );
      await new Promise((r) => setTimeout(r, 200)); // his page settles (its fetches, its pings)
      const closedAt = Date.now();
      await bob.close();
      const seen = await markAfter(alice, 'presence-bob=offline', closedAt, 10_000);
      if (seen === null) throw new Error(`sample ${i + 1}: alice never saw bob offline`);
      await new Promise((r) => setTimeout(r, 100)); // the log line reaches us
      const floor = serverSawEnd(served.output(), closedAt);
      result.tabClose.ours.push(seen - closedAt);
      if (floor !== null) result.tabClose.floor.push(floor - closedAt);
    }
    o.log(`  tab close: ${o.tabCloseSamples} samples`);

    for (let i = 0; i < o.linkLossSamples; i++) {
      await alice.waitForSelector('[data-testid="connection-banner"][data-status="online"]', {
        state: 'attached',
        timeout: 15_000,
      });
      await new Promise((r) => setTimeout(r, 500));
      const stoppedAt = Date.now();
      served.child.kill('SIGSTOP');
      let cut: number | null;
      let wsEvent: number | undefined;
      try {
        cut = await markAfter(alice, 'connection-banner=reconnecting', stoppedAt, o.hangMs);
        const left = o.hangMs - (Date.now() - stoppedAt);
        if (left > 0) await new Promise((r) => setTimeout(r, left));
        wsEvent = await alice.evaluate(
          (t) => (window as unknown as { wsEvents: number[] }).wsEvents.find((at) => at >= t),
          stoppedAt,
        );
      } finally {
        served.child.kill('SIGCONT');
      }
      if (cut === null) throw new Error(`sample ${i + 1}: the panel never said it was cut off`);
      result.linkLoss.ours.push(cut - stoppedAt);
      if (wsEvent === undefined) result.linkLoss.browserWsCensored++;
      result.linkLoss.browserWs.push(wsEvent === undefined ? o.hangMs : wsEvent - stoppedAt);
    }
    o.log(`  link loss: ${o.linkLossSamples} samples`);
  } finally {
    await browser.close();
    await served.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return result;
}
