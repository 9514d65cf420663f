import { watchSocket } from '@pulseboard/core/liveness/index';
import { helloEvent } from '../app/hello.js';
import type { Services } from '../app/services.js';
import type { Principal } from '../http/gate.js';
import { toPulseboardError } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { openSse } from './sse-stream.js';
import type { LiveEntry } from '../app/live-connections.js';
import { withBackpressure } from '../events/backpressure.js';
import { SLOW_CONSUMER_BYTES } from '../ws/gateway.js';

/** GET /api/events: the event stream as SSE; the stream is a presence connection of its user. */
export function eventsRoute(router: Router<Principal>, s: Services): void {
  router.add('GET', '/api/events', ({ req, res, url, session }) => {
    const id = s.live.nextId('sse');
    // A keep-alive socket that served plain requests before: the stream takes its place.
    s.httpConns.takeOver(req.socket, id);
    const sse = openSse(req, res, { id, keepAliveMs: 15_000 });
    // The watch tunes the socket again (it was tuned on accept): cheap, and measured in
    // presence.nstest.ts to find a cut SSE client ~240 ms sooner than tune: false (cause unknown).
    const watch = watchSocket(req.socket, {
      preset: s.options.livenessPreset,
      tcpBudgetMs: s.options.tcpBudgetMs,
      writeHeartbeat: { intervalMs: s.options.sseHeartbeatMs, write: () => res.write(':\n\n') },
    });
    let registered: LiveEntry | undefined;
    try {
      const entry = s.live.register({
        id,
        user: session.name,
        role: session.role,
        remote: session.remote,
        transport: 'sse',
        resumeSessionId: url.searchParams.get('session') ?? undefined,
        sink: withBackpressure(sse, {
          limit: SLOW_CONSUMER_BYTES,
          buffered: () => res.writableLength,
          onceDrained: (fn) => res.once('drain', fn),
          resync: () => ({ ...helloEvent(s, registered!), resync: true }),
        }),
        watch,
        end: () => sse.close(),
      });
      registered = entry;
      sse.send(helloEvent(s, entry));
    } catch (err) {
      watch.close();
      sse.send({ type: 'error', at: Date.now(), error: toPulseboardError(err).toJSON().error });
      sse.close();
    }
  });
}
