// The narrated demo against a real lab, as an audience sees it at 1920×1080 (/?demo opens the
// presenter layout): it runs end to end, and every time a caption quotes is within 100 ms of
// the same moment in the lab's event log (read here from /api/stream, not from the captions).
// Then the layout: no horizontal scroll at 1440×900, projector mode fits 1920×1080.
import { expect, test, type Page } from '@playwright/test';
import { WebSocket } from 'ws';
import { labMissing, startLab, stopLab, type Lab } from './lab-process.js';

interface Ev {
  type: string;
  at: number;
  [k: string]: unknown;
}

test.describe.configure({ mode: 'serial' });
if (process.env.CI === 'true') {
  test('lab demo prerequisites are present', () => {
    expect(labMissing, `lab demo e2e needs ${labMissing.join(', ')}`).toEqual([]);
  });
} else {
  test.skip(labMissing.length > 0, `lab demo e2e needs ${labMissing.join(', ')}`);
}

let lab: Lab | undefined;
const log: Ev[] = [];
let stream: WebSocket | undefined;

test.beforeAll(async () => {
  test.setTimeout(60_000);
  lab = await startLab();
  stream = new WebSocket(lab.url.replace('http', 'ws') + '/api/stream', { origin: lab.url });
  stream.on('message', (d) => {
    const m = JSON.parse(d.toString()) as Ev;
    if (m.type !== 'snapshot') log.push(m);
  });
  await new Promise((r) => stream!.once('open', r));
});

test.afterAll(async () => {
  stream?.close();
  await stopLab(lab);
});

// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, info) => {
  if (info.status !== info.expectedStatus && lab) await info.attach('lab output', { body: lab.output() });
});

/** Every "T+1.23 s" (or plain "0.36 s") a caption says, in seconds, in order. */
function quoted(text: string): number[] {
  return [...text.matchAll(/(?:T\+)?(\d+\.\d\d) s/g)].map((m) => Number(m[1]));
}

const within100 = (shown: number, ms: number) => expect(Math.abs(shown * 1000 - ms)).toBeLessThanOrEqual(100);

async function noPageScroll(page: Page, w: number, h: number) {
  const [sw, sh] = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.scrollHeight,
  ]);
  expect(sw, 'page width').toBeLessThanOrEqual(w);
  expect(sh, 'page height').toBeLessThanOrEqual(h);
}

test('the demo plays end to end; every caption quotes the event log within 100 ms', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(lab!.url + '/?demo');
  const steps = page.locator('.caption-list li');
  await expect(steps.nth(6)).toBeVisible({ timeout: 150_000 });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'projector');
  await expect(page.getByTitle('Control panel as bob')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('demo-1920.png') });
  await noPageScroll(page, 1920, 1080);

  const text = await steps.allInnerTexts();
  expect(text).toHaveLength(7);
  const client = (user: string) =>
    (
      log.find((e) => e.type === 'client' && (e.client as { user: string }).user === user)!.client as {
        id: string;
      }
    ).id;
  const [alice, bob, carol, dan] = ['alice', 'bob', 'carol', 'dan'].map(client);
  const fault = log.find(
    (e) => e.type === 'fault' && (e.fault as { targets: string[] }).targets.includes(alice!),
  )!.fault as { startedAt: number };
  const F = fault.startedAt;
  const first = (pred: (e: Ev) => boolean) => {
    const e = log.find(pred);
    expect(e, 'event in the log').toBeDefined();
    return e!;
  };

  // 2: pump on, measured from alice taking the lock
  const lock = first((e) => e.type === 'lock' && e.change === 'taken' && e.user === 'alice');
  const pumpOn = first((e) => e.type === 'line' && e.name === 'pump' && e.value === 1 && e.at >= lock.at);
  within100(quoted(text[1]!)[0]!, pumpOn.at - lock.at);
  // 4: dead
  const dead = first(
    (e) =>
      e.type === 'detected' && e.clientId === alice && e.state === 'offline' && (e.detectedAt as number) >= F,
  );
  within100(quoted(text[3]!)[0]!, (dead.detectedAt as number) - F);
  // 5: bob, carol and dan told, in that order
  const toldAt = [bob, carol, dan].map(
    (o) =>
      first(
        (e) =>
          e.type === 'notified' &&
          e.observerId === o &&
          e.aboutClientId === alice &&
          e.state === 'offline' &&
          e.at >= F,
      ).at - F,
  );
  expect(text[4]).toMatch(/bob at .*carol at .*dan at /);
  quoted(text[4]!).forEach((s, i) => within100(s, toldAt[i]!));
  // 6: pump safe, lock free
  const safe = first((e) => e.type === 'failsafe' && e.line === 'pump' && e.at >= F);
  const freed = first((e) => e.type === 'lock' && e.change === 'session-dead' && e.user === 'alice');
  const [safeS, freeS] = quoted(text[5]!);
  within100(safeS!, safe.at - F);
  within100(freeS!, freed.at - F);
  // 7: alice back, connected after the heal
  const healed = first((e) => e.type === 'fault' && (e.fault as { endedAt?: number }).endedAt !== undefined);
  const back = first(
    (e) =>
      e.type === 'client' &&
      (e.client as { id: string; state: string }).id === alice &&
      (e.client as { state: string }).state === 'connected' &&
      e.at >= healed.at,
  );
  within100(quoted(text[6]!)[0]!, back.at - F);
  expect(text[6]).toContain('is told what happened');
  // The captions the lab logged say what the page shows.
  const captions = log.filter((e) => e.type === 'caption').map((e) => e.text);
  expect(captions.slice(-7)).toEqual(text.map((t) => t.trim()));
  await page.close();
});

test('no horizontal scroll at 1440×900, clients table included', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  await page.goto(lab!.url);
  await expect(page.locator('tr[data-client]')).toHaveCount(4);
  await page
    .getByRole('button', { name: /^act as / })
    .first()
    .click();
  await noPageScroll(page, 1440, 900);
  for (const box of await page.locator('.table-scroll, .story-chart, .timeline-chart').all()) {
    const [sw, cw] = await box.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(sw, 'no hidden columns').toBeLessThanOrEqual(cw);
  }
  await page.screenshot({ path: test.info().outputPath('lab-1440.png') });
  await page.close();
});

test('projector mode fits 1920×1080 on one screen', async ({ browser }) => {
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  await page.goto(lab!.url);
  await page.getByRole('button', { name: 'Projector mode' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'projector');
  await page.getByRole('tab', { name: 'Control panel' }).click();
  await noPageScroll(page, 1920, 1080);
  // The story, the timeline and the panel are all on screen at once.
  for (const name of ['Fault story', 'Live timeline', 'Control panel'])
    await expect(page.getByRole('region', { name }).first()).toBeInViewport();
  await page.close();
});
