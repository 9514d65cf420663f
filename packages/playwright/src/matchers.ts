import { expect as baseExpect, type Locator } from '@playwright/test';
import type { LabEvent } from '@pulseboard/netlab/types';
import type { LabWorld, LineProbe, Target } from './lab-world.js';
import type { Panel } from './panel.js';
import { worldOf } from './registry.js';
import { timelineText } from './timeline.js';

type PresenceState = 'online' | 'suspect' | 'offline';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const POLL_MS = 25;

const isLine = (v: unknown): v is LineProbe =>
  !!v && typeof v === 'object' && typeof (v as LineProbe).value === 'function' && 'name' in v;

async function shownState(panel: Panel, user: string): Promise<string | undefined> {
  const row = panel.page.getByTestId(`presence-${user}`);
  return (await row.getAttribute('data-state', { timeout: 500 }).catch(() => null)) ?? undefined;
}

export const expect = baseExpect.extend({
  /**
   * The panel shows `user` in `state`. `within` counts from the start of the latest fault on
   * `user`'s clients (else from now). With `.not`, the panel must not show it at any moment of
   * the whole window (e.g. no false "offline" under loss).
   */
  async toShowUser(panel: Panel, user: string, state: PresenceState, options: { within?: number } = {}) {
    const world = worldOf.get(panel);
    const events: readonly LabEvent[] = world?.events ?? [];
    // This test's clients of the user (earlier tests' are gone), so an old fault never counts.
    const ids = world ? world.clientsOf(user) : [];
    const within = options.within ?? 5000;
    const from = this.isNot ? Date.now() : (world?.latestFaultStart(ids) ?? Date.now());
    const deadline = from + within;
    let seenAt: number | undefined;
    let last: string | undefined;
    do {
      last = await shownState(panel, user);
      if (last === state) {
        seenAt = Date.now();
        break;
      }
      await sleep(POLL_MS);
    } while (Date.now() <= deadline);
    const pass = seenAt !== undefined && seenAt <= deadline;
    const when =
      seenAt === undefined
        ? 'never'
        : `${seenAt - from} ms after ${this.isNot ? 'the check began' : 'the fault'}`;
    return {
      pass,
      name: 'toShowUser',
      expected: state,
      actual: last,
      message: () =>
        [
          `${panel.user}'s panel ${this.isNot ? 'showed' : 'did not show'} ${user} ${state} within ${within} ms ` +
            `(${this.isNot ? 'seen' : 'last shown'}: ${last ?? 'not listed'}; ${state} seen ${when}).`,
          timelineText(events, ids),
        ].join('\n'),
    };
  },

  /**
   * The server declared `target` dead (or `state`) within `within` ms of the latest fault on
   * it, for `cause` if given; waits for it until that deadline has passed.
   */
  async toHaveDetected(
    world: LabWorld,
    target: Target,
    options: { within: number; cause?: string | RegExp; state?: 'suspect' | 'offline' },
  ) {
    const state = options.state ?? 'offline';
    const ids = [target.clientId];
    const start = world.latestFaultStart(ids);
    const matches = (e: LabEvent): e is Extract<LabEvent, { type: 'detected' }> =>
      e.type === 'detected' && e.clientId === target.clientId && e.state === state && e.at >= (start ?? 0);
    const deadline = (start ?? Date.now()) + options.within + 250;
    let found: Extract<LabEvent, { type: 'detected' }> | undefined;
    while (!(found = world.events.find(matches)) && Date.now() <= deadline) await sleep(POLL_MS);
    const causeOk =
      !found || options.cause === undefined
        ? true
        : typeof options.cause === 'string'
          ? found.cause === options.cause
          : options.cause.test(found.cause);
    const pass = start !== undefined && !!found && found.latencyMs <= options.within && causeOk;
    const what = found ? `${state} after ${found.latencyMs} ms (cause ${found.cause})` : `not ${state}`;
    return {
      pass,
      name: 'toHaveDetected',
      expected: `${state} within ${options.within} ms${options.cause ? ` (cause ${String(options.cause)})` : ''}`,
      actual: what,
      message: () =>
        [
          start === undefined
            ? `No fault was applied to ${target.user} (${target.clientId}): nothing to measure detection from.`
            : `The server declared ${target.user} (${target.clientId}) ${what}; expected ${this.isNot ? 'not ' : ''}${state} within ${options.within} ms${options.cause ? ` with cause ${String(options.cause)}` : ''}.`,
          timelineText(world.events, ids),
        ].join('\n'),
    };
  },

  /**
   * A board line holds `expected` (read through the board's API) within `within` ms. On a
   * Locator this is Playwright's own toHaveValue.
   */
  async toHaveValue(
    received: LineProbe | Locator,
    expected: unknown,
    options: { within?: number; timeout?: number } = {},
  ) {
    if (!isLine(received)) {
      const base = this.isNot ? baseExpect(received).not : baseExpect(received);
      try {
        await base.toHaveValue(expected as string, options);
        return { pass: !this.isNot, name: 'toHaveValue', message: () => '' };
      } catch (e) {
        return { pass: this.isNot, name: 'toHaveValue', message: () => (e as Error).message };
      }
    }
    const within = options.within ?? options.timeout ?? 5000;
    const deadline = Date.now() + within;
    let value: number | undefined;
    do {
      value = await received.value().catch(() => undefined);
      if (value === expected) break;
      await sleep(POLL_MS);
    } while (Date.now() <= deadline);
    const world = worldOf.get(received);
    return {
      pass: value === expected,
      name: 'toHaveValue',
      expected,
      actual: value,
      message: () =>
        [
          `Line ${received.name} holds ${value ?? 'nothing readable'}, expected ${this.isNot ? 'not ' : ''}${String(expected)} within ${within} ms.`,
          world ? lineHistory(world.events, received.name) : '',
        ].join('\n'),
    };
  },
});

function lineHistory(events: readonly LabEvent[], name: string): string {
  const time = (at: number) => new Date(at).toISOString().slice(11, 23);
  const rows: string[] = [];
  for (const e of events) {
    if (e.type === 'line' && e.name === name)
      rows.push(`  ${time(e.at)} ${name} = ${e.value}${e.by ? ` by ${e.by}` : ''}`);
    else if (e.type === 'failsafe' && e.line === name)
      rows.push(`  ${time(e.at)} ${name} failsafe → ${e.value} (${e.result}; ${e.user}'s session died)`);
  }
  return rows.length ? [`History of ${name}:`, ...rows].join('\n') : `No changes of ${name} seen.`;
}
