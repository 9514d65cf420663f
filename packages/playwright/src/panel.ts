import { chromium, type Browser, type Page } from '@playwright/test';
import { chromiumArgs } from '@pulseboard/netlab/clients/browser-client';
import type { AttachedHost } from '@pulseboard/netlab/lab';

/** A user's real control panel, in a Chromium whose sockets live in the user's own lab host. */
export interface Panel {
  readonly user: string;
  /** The lab's client id: what faults and detections are about. */
  readonly clientId: string;
  readonly address: string;
  readonly page: Page;
  /** The browser dies with its machine (power-off), or when the test ends. */
  close(): Promise<void>;
}

/**
 * Launches Chromium through the host's wrapper (`ip netns exec NS chromium`): Playwright drives
 * it over a pipe, so the test holds a real Page while every packet the panel sends goes through
 * the lab's virtual link, where a fault can cut it.
 */
export async function openPanel(
  host: AttachedHost,
  boardUrl: string,
  onConnected: () => void,
): Promise<Panel> {
  const browser: Browser = await chromium.launch({
    executablePath: host.chromiumWrapper,
    args: chromiumArgs,
    headless: true,
  });
  try {
    const context = await browser.newContext({
      httpCredentials: { username: host.client.user, password: host.password },
    });
    const page = await context.newPage();
    let told = false;
    page.on('websocket', () => {
      if (told) return;
      told = true;
      onConnected();
    });
    await page.goto(boardUrl + '/', { waitUntil: 'domcontentloaded' });
    return {
      user: host.client.user,
      clientId: host.client.id,
      address: host.client.address,
      page,
      close: () => browser.close().catch(() => undefined),
    };
  } catch (e) {
    await browser.close().catch(() => undefined);
    throw e;
  }
}
