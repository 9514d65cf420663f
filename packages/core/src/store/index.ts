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
export { openDatabase, STORAGE_SYNCS, type SqliteDatabase, type StorageSync } from './sqlite.js';
