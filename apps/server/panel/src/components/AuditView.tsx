import { useState, type FormEvent } from 'react';
import { auditCsvUrl } from '../data/api.js';
import type { AuditRecord, LineState } from '../data/types.js';
import {
  auditPageSize,
  auditQuery,
  emptyAuditFilter,
  useAudit,
  type AuditFilter,
} from '../hooks/useAudit.js';
import { dateTime, fullTime } from './time.js';
import { valueWord } from './words.js';

const actionText: Record<string, string> = {
  operate: 'Switch',
  pulse: 'Pulse',
  failsafe: 'Failsafe',
  'all-safe': 'All to safe',
  lock: 'Took control',
  unlock: 'Released control',
  takeover: 'Took over control',
};

const resultText: Record<string, [text: string, tone: string]> = {
  confirmed: ['Done', 'on'],
  ok: ['Done', 'on'],
  failed: ['Failed', 'bad'],
  denied: ['Refused', 'bad'],
  unknown: ['No answer', 'warn'],
};

function Result({ r }: { r: AuditRecord }) {
  const [text, tone] = resultText[r.result] ?? [r.result, ''];
  return (
    <>
      <span className={`badge badge-${tone}`}>{text}</span>
      {r.detail?.late === true ? <span className="muted"> · late</span> : null}
      {r.error ? <span className="muted"> · {r.error}</span> : null}
    </>
  );
}

/** The audit log as its own view: filters, a time range, pages, and a CSV of the page shown. */
export function AuditView({ lines = [] }: { lines?: readonly LineState[] }) {
  const [form, setForm] = useState<AuditFilter>(emptyAuditFilter);
  const [filter, setFilter] = useState<AuditFilter>(emptyAuditFilter);
  const [page, setPage] = useState(0);
  const { records, hasMore, error, reload } = useAudit(filter, page);
  const byName = new Map(lines.map((l) => [l.name, l]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setFilter({ ...form });
    setPage(0);
    reload();
  };
  const set = (key: keyof AuditFilter) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));
  const filtered = Object.values(filter).some((v) => v !== '');
  const change = (r: AuditRecord) => {
    if (r.newValue === null) return '';
    const line = r.line ? byName.get(r.line) : undefined;
    const v = (x: number | null) => (x === 0 || x === 1 ? valueWord(line, x) : '?');
    return r.oldValue === null ? `→ ${v(r.newValue)}` : `${v(r.oldValue)} → ${v(r.newValue)}`;
  };
  return (
    <section className="card" data-testid="audit" aria-labelledby="audit-title">
      <div className="card-head">
        <h2 id="audit-title">Audit log</h2>
        <span className="muted">Every command, control change and failsafe, as the board recorded it</span>
      </div>
      <form onSubmit={submit} className="audit-form">
        <div className="field">
          <label htmlFor="audit-user">User</label>
          <input
            id="audit-user"
            className="input"
            value={form.user}
            onChange={set('user')}
            placeholder="Anyone"
          />
        </div>
        <div className="field">
          <label htmlFor="audit-line">Line</label>
          <select id="audit-line" className="input" value={form.line} onChange={set('line')}>
            <option value="">All lines</option>
            {lines.map((l) => (
              <option key={l.name} value={l.name}>
                {l.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-result">Result</label>
          <select id="audit-result" className="input" value={form.result} onChange={set('result')}>
            <option value="">Any result</option>
            <option value="confirmed">Done</option>
            <option value="failed">Failed</option>
            <option value="denied">Refused</option>
            <option value="unknown">No answer</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="audit-from">From</label>
          <input
            id="audit-from"
            className="input"
            type="datetime-local"
            step="1"
            value={form.since}
            onChange={set('since')}
          />
        </div>
        <div className="field">
          <label htmlFor="audit-to">To</label>
          <input
            id="audit-to"
            className="input"
            type="datetime-local"
            step="1"
            value={form.until}
            onChange={set('until')}
          />
        </div>
        <button type="submit" className="btn btn-primary">
          Show
        </button>
        <a
          className="btn"
          href={auditCsvUrl(auditQuery(filter, page))}
          data-testid="audit-csv"
          download="pulseboard-audit.csv"
        >
          Download CSV of this page
        </a>
      </form>
      {error ? (
        <p className="alert alert-bad" role="alert" data-testid="audit-error">
          {error}
        </p>
      ) : null}
      {records !== null && records.length === 0 ? (
        <p className="empty" data-testid="audit-empty">
          <strong>{filtered ? 'No entries match these filters.' : 'The audit log is empty.'}</strong>
          {filtered
            ? 'Widen the time range or clear a filter.'
            : 'Every switch, pulse, control change and failsafe on this board is recorded here with who, when and the result.'}
        </p>
      ) : null}
      {records !== null && records.length > 0 ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit entries">
          <table className="audit">
            <thead>
              <tr>
                <th scope="col">Date and time</th>
                <th scope="col">User</th>
                <th scope="col">Action</th>
                <th scope="col">Line</th>
                <th scope="col">Change</th>
                <th scope="col">Result</th>
                <th scope="col">From address</th>
              </tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.id} data-testid="audit-row">
                  <td>
                    <time dateTime={new Date(r.requestedAt).toISOString()} title={fullTime(r.requestedAt)}>
                      {dateTime(r.requestedAt)}
                    </time>
                  </td>
                  <td>{r.user}</td>
                  <td>{actionText[r.action] ?? r.action}</td>
                  <td>{r.line ? (byName.get(r.line)?.label ?? r.line) : 'Whole board'}</td>
                  <td>{change(r)}</td>
                  <td className="wrap">
                    <Result r={r} />
                  </td>
                  <td>{r.remote}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <nav className="pager" aria-label="Audit pages">
        <span className="muted" data-testid="audit-range">
          {records && records.length > 0
            ? `Entries ${page * auditPageSize + 1}–${page * auditPageSize + records.length}, newest first`
            : ''}
        </span>
        <span style={{ display: 'flex', gap: 'var(--space-2)' }}>
          <button type="button" className="btn" disabled={page === 0} onClick={() => setPage((p) => p - 1)}>
            Newer
          </button>
          <button type="button" className="btn" disabled={!hasMore} onClick={() => setPage((p) => p + 1)}>
            Older
          </button>
        </span>
      </nav>
    </section>
  );
}
