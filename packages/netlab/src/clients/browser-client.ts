import type { Browser } from 'playwright-core';
import type { StartDriver } from './driver.js';
import { observeEvent } from './event-sink.js';

// Headless Chromium opening the real panel. The executable is a wrapper that runs
// `ip netns exec NS chromium "$@"`, so the browser's sockets live in the client's host.
// The panel's own WebSocket is watched through CDP: its frames tell us what a person saw.
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const startBrowser: StartDriver = async (cfg, sink) => {
  // Loaded here, not at the top: importing Playwright costs ~0.5 s of CPU, which every
  // non-browser client (most of a 50-client lab) would otherwise pay at start-up.
  const { chromium } = await import('playwright-core');
  const browser: Browser = await chromium.launch({
    executablePath: cfg.chromiumWrapper ?? '/usr/bin/chromium',
    args: chromiumArgs,
    headless: true,
  });
  const context = await browser.newContext({
    httpCredentials: { username: cfg.user, password: cfg.password },
  });
  const page = await context.newPage();
  page.on('websocket', (ws) => {
    sink.connected('panel ws open');
    ws.on('framereceived', (f) =>
      observeEvent(typeof f.payload === 'string' ? f.payload : f.payload.toString(), sink),
    );
    ws.on('close', () => sink.disconnected('panel ws closed'));
  });
  page.on('pageerror', (e) => sink.log('warn', `panel error: ${e.message}`));
  await page
    .goto(cfg.url + '/', { waitUntil: 'domcontentloaded' })
    .catch((e: Error) => sink.log('error', e.message));
  const shutdown = () => void browser.close().catch(() => undefined);
  process.on('SIGTERM', shutdown);
  return {
    // A browser has no FIN/RST switch: closing the page is what a person closing the tab does.
    fin: () => void page.close().catch(() => undefined),
    rst: shutdown,
  };
};
