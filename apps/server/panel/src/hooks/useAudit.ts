import { useCallback, useState } from 'react';
import { api } from '../data/api.js';
import type { AuditRecord } from '../data/types.js';

export interface AuditFilter {
  user: string;
  line: string;
  since: string;
}

export function auditQuery(filter: AuditFilter): URLSearchParams {
  const q = new URLSearchParams();
  if (filter.user) q.set('user', filter.user);
  if (filter.line) q.set('line', filter.line);
  if (filter.since) q.set('since', new Date(filter.since).toISOString());
  q.set('limit', '200');
  return q;
}

export function useAudit(): {
  records: AuditRecord[];
  error: string | null;
  load: (filter: AuditFilter) => Promise<void>;
} {
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async (filter: AuditFilter) => {
    try {
      setRecords((await api.audit(auditQuery(filter))).records);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);
  return { records, error, load };
}
