import { socketCapability } from '@pulseboard/core/net/index';
import { LIVENESS_PRESETS, deriveTcpSettings } from '@pulseboard/core/liveness/index';
import type { Services } from '../app/services.js';
import type { Principal } from '../http/gate.js';
import { sendJson } from '../http/respond.js';
import type { Router } from '../http/router.js';
import { version } from '../version.js';

const startedAt = Date.now();

export function opsRoutes(router: Router<Principal>, s: Services): void {
  router.add('GET', '/healthz', ({ res }) =>
    sendJson(res, 200, {
      status: 'ok',
      version,
      node: process.version,
      uptimeS: Math.round((Date.now() - startedAt) / 1000),
      board: s.controller.board.name,
      socket: socketCapability(),
      liveness: livenessReport(s),
      tcp: { budgetMs: s.options.tcpBudgetMs, ...deriveTcpSettings(s.options.tcpBudgetMs) },
      heartbeat: s.options.heartbeat,
      // What WebSocket beat runs: the kernel-judged one needs the lowered RTO floor.
      beat: s.options.livenessBeat === 'kernel' && socketCapability().rto.minUs ? 'kernel' : 'ping',
      warnings: s.configWarnings,
    }),
  );

  router.add('GET', '/metrics', async ({ res }) => {
    s.metrics.users.set(s.presence.connectedUsers().length);
    s.live.updateLinkMetrics();
    const body = await s.metrics.registry.metrics();
    res.statusCode = 200;
    res.setHeader('Content-Type', s.metrics.registry.contentType);
    res.end(body);
  });
}

/** The preset and whether this kernel lets the server lower its RTO floor (Linux >= 6.15). */
function livenessReport(s: Services) {
  const { rto } = socketCapability();
  const wanted = LIVENESS_PRESETS[s.options.livenessPreset].rto;
  return {
    preset: s.options.livenessPreset,
    rtoFloor: {
      supported: rto.minUs,
      minUs: rto.minUs ? (wanted.minUs ?? null) : null,
      maxMs: rto.maxMs ? (wanted.maxMs ?? null) : null,
      reason: rto.reason,
    },
  };
}
