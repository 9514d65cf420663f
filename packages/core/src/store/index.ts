export {
  openAuditStore,
  type AuditAction,
  type AuditEntry,
  type AuditFilter,
  type AuditRecord,
  type AuditResult,
  type AuditStore,
  type AuditStoreOptions,
} from './audit.js';
export { auditToCsv } from './csv.js';
export { openDatabase, type SqliteDatabase } from './sqlite.js';
