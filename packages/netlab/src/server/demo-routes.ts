import { demoObserver, runDemo } from '../demo/script.js';
import type { Lab } from '../lab.js';
import type { Route } from './act-routes.js';
import { readJson, sendJson } from './http-util.js';

// The narrated demo (docs/lab-api.md): one at a time; its steps arrive as `caption` events.
export function demoRoutes(lab: Lab, ready: () => void): Route[] {
  let state: { running: boolean; error?: string; startedAt?: number } = { running: false };
  return [
    ['GET', /^\/api\/demo$/, (_q, s) => sendJson(s, 200, { ...state, observer: demoObserver })],
    [
      'POST',
      /^\/api\/demo$/,
      async (q, s) => {
        ready();
        if (state.running) throw new TypeError('the demo is already running');
        const body = await readJson(q);
        const ms = (v: unknown, max: number) =>
          v === undefined
            ? undefined
            : Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max
              ? (v as number)
              : NaN;
        const pauseMs = ms(body.pauseMs, 20_000);
        const outageMs = ms(body.outageMs, 60_000);
        if (Number.isNaN(pauseMs) || Number.isNaN(outageMs))
          throw new TypeError('pauseMs (0..20000) and outageMs (0..60000) are whole milliseconds');
        state = { running: true, startedAt: Date.now() };
        void runDemo(lab, { pauseMs, outageMs }).then(
          () => (state = { running: false, startedAt: state.startedAt }),
          (e: Error) => {
            state = { running: false, startedAt: state.startedAt, error: e.message };
            lab.log('error', e.message);
          },
        );
        sendJson(s, 202, { ...state, observer: demoObserver });
      },
    ],
  ];
}
