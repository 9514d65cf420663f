import type { AuditRecord } from './audit.js';

// RFC 4180 CSV of audit records, timestamps as ISO-8601 so a spreadsheet reads them as dates.

const columns = [
  'id',
  'requestedAt',
  'completedAt',
  'user',
  'sessionId',
  'remote',
  'action',
  'line',
  'oldValue',
  'newValue',
  'result',
  'error',
  'detail',
] as const;

export function auditToCsv(records: readonly AuditRecord[]): string {
  const rows = records.map((r) =>
    columns
      .map((c) => {
        const v = r[c];
        if (v === null || v === undefined) return '';
        if (c === 'requestedAt' || c === 'completedAt') return new Date(v as number).toISOString();
        return escape(typeof v === 'object' ? JSON.stringify(v) : String(v));
      })
      .join(','),
  );
  return [columns.join(','), ...rows].join('\r\n') + '\r\n';
}

function escape(field: string): string {
  // Also defuse spreadsheet formula injection: a user name like "=HYPERLINK(...)" stays text.
  const safe = /^[=+\-@\t\r]/.test(field) && !/^-?\d/.test(field) ? `'${field}` : field;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
