// Round trips over loopback sockets, identical for Pulseboard and the bare baseline: the clock
// starts just before the command leaves the client and stops when the last of the N /ws
// clients has parsed the confirmed state event. The next round trip waits for the command's
// own answer (WS ack / HTTP response), so operations never overlap.
import { confirmedState, type Audience } from './audience.js';
import type { HttpReply } from './http-client.js';
import type { RoundTripPath } from './measure.js';

/** Client 0 sends `{ type: 'operate', id, line, value }` on its WebSocket (what the panel does). */
export function wsOperatePath(audience: Audience, line: string): RoundTripPath {
  let seq = 0;
  return {
    async run(value) {
      const id = `rt${++seq}`;
      const all = audience.allSee(confirmedState(line, value));
      const ack = audience.oneSees(0, (e) => e.type === 'ack' && e.id === id);
      const t0 = performance.now();
      audience.send(0, { type: 'operate', id, line, value });
      // An error answer rejects `ack`, which fails the round trip at once instead of timing out.
      const [t1] = await Promise.all([all, ack]);
      return t1 - t0;
    },
  };
}

/** `POST /api/lines/:name {"value": v}` from a separate HTTP client; the N sockets watch. */
export function httpOperatePath(
  audience: Audience,
  line: string,
  post: (line: string, value: 0 | 1) => Promise<HttpReply>,
): RoundTripPath {
  return {
    async run(value) {
      const all = audience.allSee(confirmedState(line, value));
      const t0 = performance.now();
      const reply = post(line, value).then((r) => {
        if (r.status !== 200) throw new Error(`POST /api/lines/${line}: HTTP ${r.status} ${r.body}`);
      });
      const [t1] = await Promise.all([all, reply]);
      return t1 - t0;
    },
  };
}
