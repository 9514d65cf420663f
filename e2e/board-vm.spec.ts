import { chromium, type Browser, type BrowserServer, type Page } from '@playwright/test';
import { expect, newUserContext, openPanelIn, test } from './fixtures.js';
import type { RunningServer, SeedUser } from './server-process.js';
import { startBoardVm, type BoardVm, type Values } from './vm-board.js';

// End to end on a real kernel GPIO chip: the server runs in the test VM on gpio-sim
// (packages/vm), the panel runs here in Chromium through qemu's port forward. One VM boot for
// the whole file (about 15 s of CI time on top of the tests themselves).

const ann: SeedUser = { name: 'ann', role: 'operator', password: 'ann-pw-vm' };
const bea: SeedUser = { name: 'bea', role: 'operator', password: 'bea-pw-vm' };
// Physical levels on the chip (vent-fan is active low: logical safe 1 is a low pin).
const allSafe: Values = { RELAY1: 0, RELAY2: 0, RELAY3: 0, RELAY4: 0, STRIKE: 0 };

// An emulated CPU (no KVM): a server restart in the VM takes seconds, more on a loaded machine,
// and the guest's first answers come from a cold node on that CPU while the other worker runs
// browsers: the panel's expectations get 15 s (a sanity bound; the chip is what is checked).
test.describe.configure({ mode: 'serial', timeout: 420_000 });
const panelWaitMs = 15_000;

let rig: BoardVm;
const asServer = (): RunningServer => ({ url: rig.url }) as RunningServer;

test.beforeAll(async () => {
  test.setTimeout(25 * 60_000); // a fresh machine builds the kernel first (~10 min)
  rig = await startBoardVm([ann, bea]);
});

test.afterAll(async () => {
  await rig?.stop();
});

async function panel(browser: Browser, user: SeedUser): Promise<Page> {
  return openPanelIn(await newUserContext(browser, asServer(), user), asServer());
}

async function chip(): Promise<Values> {
  return (await rig.state()).values;
}

/** The panel shows `value` for `line`; if not, the failure says what the panel said instead. */
async function expectLine(page: Page, line: string, value: '0' | '1'): Promise<void> {
  try {
    await expect(page.getByTestId(`line-${line}`)).toHaveAttribute('data-value', value, {
      timeout: panelWaitMs,
    });
  } catch (err) {
    const shown = await page
      .locator(`[role=alert], [data-testid=connection-banner], [data-testid=line-${line}]`)
      .allInnerTexts()
      .catch(() => ['(page gone)']);
    throw new Error(`${(err as Error).message}\nthe panel showed: ${JSON.stringify(shown)}`);
  }
}

// A failure in the VM is hard to see from here: print what the server there logged last.
// eslint-disable-next-line no-empty-pattern -- Playwright wants the fixtures argument destructured
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus || !rig) return;
  const output = await rig.serverOutput().catch((err: unknown) => `(no server output: ${String(err)})`);
  await testInfo.attach('vm-server-output', { body: output, contentType: 'text/plain' });
  const tail = output
    .trimEnd()
    .split('\n')
    .slice(-30)
    .map((l) => l.slice(0, 400));
  process.stdout.write(`--- the VM server's last log lines (${testInfo.title}) ---\n${tail.join('\n')}\n`);
});

test('switching a relay on the panel changes the line on the chip', async ({ browser }) => {
  const page = await panel(browser, ann);
  expect(await chip()).toMatchObject(allSafe);
  await page.getByTestId('line-pump-toggle').click();
  await expectLine(page, 'pump', '1');
  expect((await chip()).RELAY1).toBe(1);
  // Active low: turning the fan "off" (logical 0) raises the pin.
  await page.getByTestId('line-vent-fan-toggle').click();
  await expectLine(page, 'vent-fan', '0');
  expect((await chip()).RELAY3).toBe(1);
  await page.getByTestId('line-vent-fan-toggle').click();
  await page.getByTestId('line-pump-toggle').click();
  await expectLine(page, 'pump', '0');
  expect(await chip()).toMatchObject(allSafe);
  await page.context().close();
});

test('an input driven on the chip shows on every panel', async ({ browser }) => {
  const a = await panel(browser, ann);
  const b = await panel(browser, bea);
  await rig.drive({ DOOR: 1 });
  for (const p of [a, b]) await expectLine(p, 'door-contact', '1');
  await rig.drive({ ESTOP: 0 }); // active low: pressed
  for (const p of [a, b]) await expectLine(p, 'estop-button', '1');
  await rig.drive({ DOOR: 0, ESTOP: 1 });
  for (const p of [a, b]) {
    await expectLine(p, 'door-contact', '0');
    await expectLine(p, 'estop-button', '0');
  }
  await a.context().close();
  await b.context().close();
});

test('an operator whose browser freezes: the failsafe line goes back to safe on the chip', async ({
  browser,
}) => {
  // Ann's own browser, so the whole of it (network service included) can be stopped.
  let own: BrowserServer | undefined;
  try {
    own = await chromium.launchServer({
      executablePath: process.env.PULSEBOARD_CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    const annBrowser = await chromium.connect(own.wsEndpoint());
    const a = await panel(annBrowser, ann);
    const b = await panel(browser, bea);
    await a.getByTestId('line-heater-toggle').click();
    await expectLine(b, 'heater', '1');
    expect((await chip()).RELAY2).toBe(1);

    const frozenAt = Date.now();
    process.kill(-own.process().pid!, 'SIGSTOP'); // no pongs, no FIN: silence
    await expect.poll(async () => (await chip()).RELAY2, { timeout: 15_000, intervals: [50] }).toBe(0);
    const safeMs = Date.now() - frozenAt;
    await expectLine(b, 'heater', '0');
    test.info().annotations.push({ type: 'freeze → safe on chip', description: `${safeMs} ms` });
    await b.context().close();
  } finally {
    if (own) {
      process.kill(-own.process().pid!, 'SIGCONT');
      await own.kill();
    }
  }
});

// A released gpio-sim line falls back to its pull. Pulling every output to its *unsafe*
// level stands for real hardware that keeps the last level when the process dies: then only
// the server itself can have put the chip in the safe state.
const unsafePulls = {
  RELAY1: 'pull-up',
  RELAY2: 'pull-up',
  RELAY3: 'pull-up',
  RELAY4: 'pull-up',
  STRIKE: 'pull-up',
} as const;
const safePulls = {
  RELAY1: 'pull-down',
  RELAY2: 'pull-down',
  RELAY3: 'pull-down',
  RELAY4: 'pull-down',
  STRIKE: 'pull-down',
} as const;

test('SIGTERM: every output is safe on the chip before the process exits', async ({ browser }) => {
  const page = await panel(browser, ann);
  await page.getByTestId('line-pump-toggle').click();
  await page.getByTestId('line-lights-toggle').click();
  await expectLine(page, 'lights', '1');
  expect(await chip()).toMatchObject({ RELAY1: 1, RELAY4: 1 });
  await rig.pull(unsafePulls);
  try {
    const report = await rig.signal('SIGTERM', allSafe);
    expect(report.exit).toEqual({ code: 0, signal: null });
    expect(report.safeWhileAlive, JSON.stringify(report.snapshots)).toBe(true);
    // Once the process is gone the pulls show through: the safe state was the server's doing.
    expect(report.snapshots.some((s) => !s.oldAlive && s.values.RELAY1 === 1)).toBe(true);
    expect(report.safeAgainMs).not.toBeNull(); // restarted (as systemd would) and safe again
  } finally {
    await rig.pull(safePulls);
  }
  await page.context().close();
});

test('kill -9: the restarted service drives every output safe at start-up', async ({ browser }) => {
  const page = await panel(browser, ann);
  await page.getByTestId('line-pump-toggle').click();
  await expectLine(page, 'pump', '1');
  await page.getByTestId('line-vent-fan-toggle').click();
  await expectLine(page, 'vent-fan', '0');
  await rig.pull(unsafePulls);
  try {
    const before = (await rig.state()).starts;
    const report = await rig.signal('SIGKILL', allSafe);
    expect(report.exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(report.safeWhileAlive).toBe(false); // no chance to clean up...
    expect(report.snapshots.some((s) => !s.oldAlive && s.values.RELAY1 === 1)).toBe(true); // ...lines held
    expect(report.safeAgainMs, JSON.stringify(report.snapshots)).not.toBeNull();
    // A sanity bound: node starting in an emulated guest on a loaded machine takes tens of s.
    expect(report.safeAgainMs!).toBeLessThan(180_000);
    expect((await rig.state()).starts).toBe(before + 1);
    test.info().annotations.push({
      type: 'kill -9 → safe on chip',
      description: `${Math.round(report.safeAgainMs!)} ms`,
    });
    process.stdout.write(`kill -9 → every output safe on the chip: ${Math.round(report.safeAgainMs!)} ms\n`);
    expect(await chip()).toMatchObject(allSafe);
  } finally {
    await rig.pull(safePulls);
  }
  // The panel reconnects to the new process and shows the safe state.
  await expect(page.getByTestId('line-pump')).toHaveAttribute('data-value', '0', { timeout: 30_000 });
  await expectLine(page, 'vent-fan', '1');
  await page.context().close();
});

test('the chip removed while serving: lines show failed, the server keeps running', async ({ browser }) => {
  const page = await panel(browser, ann);
  const { pid, starts } = await rig.state();
  await rig.setLive(false);
  for (const line of ['pump', 'door-contact'])
    await expect(page.getByTestId(`line-${line}`)).toContainText('stopped answering');
  await expect(page.getByTestId('line-pump')).toHaveAttribute('data-value', '');
  await page.getByTestId('line-lights-toggle').click();
  await expect(page.getByTestId('line-lights')).toContainText(/No such device|stopped answering/);
  expect(await rig.state()).toMatchObject({ pid, starts, live: false });
  await page.context().close();
});
