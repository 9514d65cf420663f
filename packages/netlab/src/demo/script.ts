import type { Lab } from '../lab.js';
import { fmtT } from '../report/story.js';
import type { LabClient, LabEvent } from '../types.js';

// The narrated demo: an operator takes control and switches the pump on, her cable is pulled,
// everyone sees her drop, the pump goes safe and the lock frees, the cable comes back and she
// is told what happened. Each step is a `caption` event quoting times measured from the lab's
// own event log, so what the presenter says is what the lab measured.

type Caption = Extract<LabEvent, { type: 'caption' }>;
type Times = Caption['times'];

export const demoCast = [
  { user: 'alice', kind: 'ws' },
  { user: 'bob', kind: 'ws' },
  { user: 'carol', kind: 'sse' },
  { user: 'dan', kind: 'ws' },
] as const;

/** The demo's user to watch from: an observer who is never faulted. */
export const demoObserver = 'bob';

const STEPS = 7;

/** Resolves with the first event matching `pred` emitted after `since` (index), or rejects. */
function waitFor<T extends LabEvent>(
  lab: Lab,
  since: number,
  pred: (e: LabEvent) => e is T,
  ms: number,
  what: string,
): Promise<T> {
  const seen = lab.events.slice(since).find(pred);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      lab.off('event', on);
      reject(new Error(`demo: ${what} did not happen within ${ms} ms`));
    }, ms);
    const on = (e: LabEvent) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      lab.off('event', on);
      resolve(e);
    };
    lab.on('event', on);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface DemoOptions {
  /** How long the narration lingers on a step (ms); the test shortens it. */
  pauseMs?: number;
  /** How long the cable stays out (ms). */
  outageMs?: number;
}

export async function runDemo(lab: Lab, options: DemoOptions = {}): Promise<void> {
  const pause = options.pauseMs ?? 2500;
  const caption = (step: number, text: string, times: Times = []) =>
    lab.emitEvent({ type: 'caption', at: Date.now(), step, steps: STEPS, text, times });
  const t = (x: { at: number; from: number }) => fmtT(x.at - x.from);

  // A clean stage: nobody left over from earlier play, no fault in force.
  await lab.healAll();
  for (const c of lab.listClients()) await lab.removeClient(c.id);
  if (!lab.board.running) await lab.startBoard();
  let mark = lab.events.length;
  const cast: LabClient[] = [];
  for (const m of demoCast) cast.push(...(await lab.addClients({ kind: m.kind, user: m.user })));
  await Promise.all(
    cast.map((c) =>
      waitFor(
        lab,
        mark,
        (e): e is Extract<LabEvent, { type: 'client' }> =>
          e.type === 'client' && e.client.id === c.id && e.client.state === 'connected',
        30_000,
        `${c.user} connecting`,
      ),
    ),
  );
  const [alice, ...others] = cast as [LabClient, ...LabClient[]];
  caption(
    1,
    `Four people are connected to the board: alice (the operator) and ${others.map((c) => c.user).join(', ')}, watching.`,
  );
  await sleep(pause);

  mark = lab.events.length;
  lab.tell(alice.id, { t: 'lock', take: true });
  const lock = await waitFor(
    lab,
    mark,
    (e): e is Extract<LabEvent, { type: 'lock' }> =>
      e.type === 'lock' && e.change === 'taken' && e.user === alice.user,
    5000,
    'alice taking the lock',
  );
  lab.operate(alice.id, 'pump', 1);
  const pumpOn = await waitFor(
    lab,
    mark,
    (e): e is Extract<LabEvent, { type: 'line' }> => e.type === 'line' && e.name === 'pump' && e.value === 1,
    5000,
    'the pump switching on',
  );
  const on = { label: 'pump on', at: pumpOn.at, from: lock.at };
  caption(
    2,
    `alice takes control and switches the pump on: the board confirms it ${t(on)} after she took control.`,
    [on],
  );
  await sleep(pause);

  mark = lab.events.length;
  const fault = await lab.fault('cable-pull', [alice.id]);
  const from = fault.startedAt;
  caption(3, `alice's cable is pulled (T+0). Nobody tells the server: it has to notice.`, [
    { label: 'cable pulled', at: from, from },
  ]);

  const dead = await waitFor(
    lab,
    mark,
    (e): e is Extract<LabEvent, { type: 'detected' }> =>
      e.type === 'detected' && e.clientId === alice.id && e.state === 'offline',
    10_000,
    'the server declaring alice dead',
  );
  const deadT = { label: 'declared dead', at: dead.detectedAt, from };
  caption(4, `The server declares alice dead at ${t(deadT)} (${dead.cause}).`, [deadT]);

  const observers = others.filter((c) => c.kind !== 'tcp' && c.kind !== 'http');
  const told = await Promise.all(
    observers.map((o) =>
      waitFor(
        lab,
        mark,
        (e): e is Extract<LabEvent, { type: 'notified' }> =>
          e.type === 'notified' &&
          e.observerId === o.id &&
          e.aboutClientId === alice.id &&
          e.state === 'offline',
        10_000,
        `${o.user} being told`,
      ),
    ),
  );
  const toldT = told.map((e, i) => ({ label: observers[i]!.user, at: e.at, from }));
  caption(5, `Everyone sees her drop: ${toldT.map((x) => `${x.label} at ${t(x)}`).join(', ')}.`, toldT);

  const [safe, freed] = await Promise.all([
    waitFor(
      lab,
      mark,
      (e): e is Extract<LabEvent, { type: 'failsafe' }> => e.type === 'failsafe' && e.line === 'pump',
      10_000,
      'the pump going safe',
    ),
    waitFor(
      lab,
      mark,
      (e): e is Extract<LabEvent, { type: 'lock' }> =>
        e.type === 'lock' && e.change === 'session-dead' && e.user === alice.user,
      10_000,
      'the lock freeing',
    ),
  ]);
  const safeT = { label: 'pump safe', at: safe.at, from };
  const freeT = { label: 'lock free', at: freed.at, from };
  caption(6, `The pump goes back to safe (OFF) at ${t(safeT)}; the control lock is free at ${t(freeT)}.`, [
    safeT,
    freeT,
  ]);
  await sleep(Math.max(pause, options.outageMs ?? 3000));

  mark = lab.events.length;
  await lab.heal(fault.id);
  const back = await waitFor(
    lab,
    mark,
    (e): e is Extract<LabEvent, { type: 'client' }> =>
      e.type === 'client' && e.client.id === alice.id && e.client.state === 'connected',
    20_000,
    'alice reconnecting',
  );
  const backT = { label: 'alice back', at: back.at, from };
  caption(
    7,
    `Cable back: alice is connected again at ${t(backT)} and is told what happened: the pump went back to safe at ${t(safeT)} because her connection died, and the lock is free.`,
    [backT, safeT],
  );
}
