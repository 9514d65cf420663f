import { useCallback, useEffect, useState } from 'react';
import { api } from '../data/api.js';
import type { AuditRecord } from '../data/types.js';

export interface AuditFilter {
  user: string;
  line: string;
  result: string;
  /** datetime-local values (local time), '' for open-ended. */
  since: string;
  until: string;
}

export const emptyAuditFilter: AuditFilter = { user: '', line: '', result: '', since: '', until: '' };
export const auditPageSize = 50;

/** The server query for one page; the CSV link uses the same query, so it holds exactly the page. */
export function auditQuery(filter: AuditFilter, page = 0, extra = 0): URLSearchParams {
  const q = new URLSearchParams();
  if (filter.user.trim()) q.set('user', filter.user.trim());
  if (filter.line) q.set('line', filter.line);
  if (filter.result) q.set('result', filter.result);
  if (filter.since) q.set('since', new Date(filter.since).toISOString());
  if (filter.until) q.set('until', new Date(filter.until).toISOString());
  q.set('limit', String(auditPageSize + extra));
  if (page > 0) q.set('offset', String(page * auditPageSize));
  return q;
}

/** A filter the server would refuse, said before asking it. */
export function auditFilterError(filter: AuditFilter): string | null {
  if (filter.since && filter.until && new Date(filter.since) > new Date(filter.until))
    return '"From" is later than "To": pick a start before the end.';
  return null;
}

export function useAudit(
  filter: AuditFilter,
  page: number,
): {
  records: AuditRecord[] | null;
  hasMore: boolean;
  error: string | null;
  reload: () => void;
} {
  const [records, setRecords] = useState<AuditRecord[] | null>(null);
  const [hasMore, setHasMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  const invalid = auditFilterError(filter);
  useEffect(() => {
    if (auditFilterError(filter)) return;
    let current = true;
    // One row more than a page says whether there is a next page.
    api.audit(auditQuery(filter, page, 1)).then(
      ({ records }) => {
        if (!current) return;
        setRecords(records.slice(0, auditPageSize));
        setHasMore(records.length > auditPageSize);
        setError(null);
      },
      (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      current = false;
    };
  }, [filter, page, n]);
  const reload = useCallback(() => setN((x) => x + 1), []);
  return { records: invalid ? null : records, hasMore: !invalid && hasMore, error: invalid ?? error, reload };
}
