import { test as base, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { startServer, type RunningServer, type SeedUser } from './server-process.js';

export const users = {
  admin: { name: 'admin', role: 'admin', password: 'admin-pw-e2e' },
  alice: { name: 'alice', role: 'operator', password: 'alice-pw-e2e' },
  bob: { name: 'bob', role: 'operator', password: 'bob-pw-e2e' },
  carol: { name: 'carol', role: 'viewer', password: 'carol-pw-e2e' },
} satisfies Record<string, SeedUser>;

/** Eleven accounts for the user-cap test (the cap is 10 distinct users); that spec starts its own server. */
export const crowd: SeedUser[] = Array.from({ length: 11 }, (_, i) => ({
  name: `user${i + 1}`,
  role: 'viewer',
  password: `crowd-pw-${i + 1}`,
}));

export interface Fixtures {
  /** A panel page logged in as `user` (its own browser context), waiting until the board shows. */
  openPanel(user: SeedUser): Promise<Page>;
}

export const test = base.extend<Fixtures, { server: RunningServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const server = await startServer(Object.values(users));
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  openPanel: async ({ browser, server }, use) => {
    const contexts: BrowserContext[] = [];
    await use(async (user) => {
      const context = await newUserContext(browser, server, user);
      contexts.push(context);
      return openPanelIn(context, server);
    });
    for (const c of contexts) await c.close();
  },
});

export async function openPanelIn(context: BrowserContext, server: RunningServer): Promise<Page> {
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByTestId('board').locator('li[data-testid^="line-"]').first().waitFor();
  await page.getByTestId('me').filter({ hasText: '(' }).waitFor();
  return page;
}

export function newUserContext(
  browser: Browser,
  server: RunningServer,
  user: SeedUser,
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL: server.url,
    httpCredentials: { username: user.name, password: user.password },
  });
}

export { expect } from '@playwright/test';
