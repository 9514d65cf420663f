import { PulseboardError } from '@pulseboard/core';
import type { AuditFilter, AuditResult } from '@pulseboard/core/store/audit';
import type { Services } from '../app/services.js';
import type { Principal } from '../http/gate.js';
import { sendJson, sendText } from '../http/respond.js';
import type { Router } from '../http/router.js';

const results: readonly AuditResult[] = ['confirmed', 'failed', 'denied', 'ok', 'unknown'];

/**
 * `?user=&line=&result=&since=&until=&limit=&offset=` (times: epoch ms or ISO-8601), `&format=csv`
 * for a download of the same rows.
 */
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
  const result = q.get('result');
  if (result) {
    if (!results.includes(result as AuditResult))
      throw new PulseboardError('BAD_REQUEST', `result must be one of ${results.join(', ')}`);
    filter.result = result as AuditResult;
  }
  if (filter.since !== undefined && filter.until !== undefined && filter.since > filter.until)
    throw new PulseboardError('BAD_REQUEST', 'since must not be later than until');
  const offset = q.get('offset');
  if (offset) {
    if (!/^\d{1,9}$/.test(offset))
      throw new PulseboardError('BAD_REQUEST', 'offset must be a whole number of rows');
    filter.offset = Number(offset);
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
