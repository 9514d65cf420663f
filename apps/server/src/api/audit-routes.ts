import { PulseboardError } from '@pulseboard/core';
import type { AuditFilter } from '@pulseboard/core/store/audit';
import type { Services } from '../app/services.js';
import type { Principal } from '../http/gate.js';
import { sendJson, sendText } from '../http/respond.js';
import type { Router } from '../http/router.js';

/** `?user=&line=&since=&until=&limit=` (times: epoch ms or ISO-8601), `&format=csv` for a download. */
export function auditFilter(q: URLSearchParams): AuditFilter {
  const filter: AuditFilter = {};
  for (const key of ['user', 'line'] as const) {
    const v = q.get(key);
    if (v) filter[key] = v;
  }
  for (const key of ['since', 'until'] as const) {
    const v = q.get(key);
    if (!v) continue;
    const time = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isNaN(time))
      throw new PulseboardError('BAD_REQUEST', `${key} must be epoch ms or an ISO-8601 time`);
    filter[key] = time;
  }
  const limit = q.get('limit');
  if (limit) {
    if (!/^\d+$/.test(limit) || Number(limit) < 1)
      throw new PulseboardError('BAD_REQUEST', 'limit must be a positive integer');
    filter.limit = Math.min(Number(limit), 10_000);
  } else filter.limit = 1000;
  return filter;
}

export function auditRoutes(router: Router<Principal>, s: Services): void {
  router.add('GET', '/api/audit', ({ res, url }) => {
    const filter = auditFilter(url.searchParams);
    if (url.searchParams.get('format') === 'csv') {
      res.setHeader('Content-Disposition', 'attachment; filename="pulseboard-audit.csv"');
      sendText(res, 200, s.controller.audit.csv(filter), 'text/csv');
      return;
    }
    sendJson(res, 200, { records: s.controller.audit.query(filter) });
  });
}
