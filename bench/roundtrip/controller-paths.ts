// Controller level, in-process: operate() -> confirmed state seen by N listeners, against a naive
// baseline (driver write + direct fan-out, no queue, no audit). No sockets, no auth.
import { createController, type Controller } from '@pulseboard/core/control/controller';
import type { LineState } from '@pulseboard/core/control/line-state';
import type { Board } from '@pulseboard/core/hardware/board';
import { SimDriver } from '@pulseboard/core/hardware/drivers/sim';
import type { AuditStore } from '@pulseboard/core/store/audit';
import type { RoundTripPath } from './measure.js';

export type ClosablePath = RoundTripPath & { close(): Promise<void> };

const actor = { user: 'bench', role: 'operator' as const, sessionId: 'bench-1', remote: '127.0.0.1' };

/** Each subscriber serializes what it receives, as a server broadcasting it would. */
function fanOut(
  count: number,
  line: string,
  expect: () => { value: 0 | 1; start: number } | undefined,
  done: (ms: number) => void,
) {
  let seen = 0;
  return Array.from({ length: count }, () => (state: LineState) => {
    const want = expect();
    JSON.stringify(state);
    if (!want || state.name !== line || state.value !== want.value || state.pending !== null) return;
    if (++seen === count) {
      seen = 0;
      done(performance.now() - want.start);
    }
  });
}

export async function driverBaseline(board: Board, line: string, subscribers: number): Promise<ClosablePath> {
  const driver = new SimDriver({ latencyMs: 0 });
  await driver.open(board);
  let pending: { value: 0 | 1; start: number; resolve: (ms: number) => void } | undefined;
  const listeners = fanOut(
    subscribers,
    line,
    () => pending,
    (ms) => pending?.resolve(ms),
  );
  const spec = board.lines.find((l) => l.name === line)!;
  return {
    run: (value) =>
      new Promise<number>((resolve) => {
        pending = { value, start: performance.now(), resolve };
        void driver.write(line, value).then(() => {
          const state: LineState = {
            name: line,
            label: spec.label,
            states: null,
            direction: 'out',
            value,
            pending: null,
            failsafe: false,
            safeValue: 0,
            pulseMs: null,
            lastChangedBy: { user: actor.user, sessionId: actor.sessionId, at: Date.now() },
            fault: null,
            unknown: null,
            mismatch: null,
          };
          for (const l of listeners) l(state);
        });
      }),
    close: () => driver.close(),
  };
}

export async function viaController(
  board: Board,
  line: string,
  subscribers: number,
  store: AuditStore,
): Promise<ClosablePath> {
  const controller: Controller = await createController({
    board,
    driver: new SimDriver({ latencyMs: 0 }),
    store,
    // Back-to-back operations: the per-user rate (10/s by default) would refuse them.
    operationRate: { perSec: 1_000_000, burst: 1_000_000 },
  });
  let pending: { value: 0 | 1; start: number; resolve: (ms: number) => void } | undefined;
  for (const l of fanOut(
    subscribers,
    line,
    () => pending,
    (ms) => pending?.resolve(ms),
  ))
    controller.on('state', l);
  return {
    run: (value) =>
      new Promise<number>((resolve, reject) => {
        pending = { value, start: performance.now(), resolve };
        controller.operate(actor, line, value).catch(reject);
      }),
    close: async () => {
      await controller.close();
      await store.close();
    },
  };
}
