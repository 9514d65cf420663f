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
        return escapeCsvField(typeof v === 'object' ? JSON.stringify(v) : String(v));
      })
      .join(','),
  );
  return [columns.join(','), ...rows].join('\r\n') + '\r\n';
}

// A field that is a plain number in full ("-1", "+2.5", "1e3") is data to a spreadsheet.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * RFC 4180 quoting plus OWASP's CSV-injection rules: a field starting with = + - @ tab or CR is
 * a formula to a spreadsheet (even "-1+cmd|..."), so it gets a leading ' unless the whole
 * field is a number; and a field holding a separator is quoted, `;` included: a spreadsheet set
 * to split at semicolons would otherwise start a new cell inside it ("a;=cmd").
 */
export function escapeCsvField(field: string): string {
  const safe = /^[=+\-@\t\r]/.test(field) && !NUMBER.test(field) ? `'${field}` : field;
  return /[",;\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
