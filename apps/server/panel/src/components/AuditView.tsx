import { useState, type FormEvent } from 'react';
import { auditCsvUrl } from '../data/api.js';
import { auditQuery, useAudit, type AuditFilter } from '../hooks/useAudit.js';
import { clock } from './time.js';

export function AuditView() {
  const [filter, setFilter] = useState<AuditFilter>({ user: '', line: '', since: '' });
  const { records, error, load } = useAudit();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void load(filter);
  };
  const set = (key: keyof AuditFilter) => (e: { target: { value: string } }) =>
    setFilter((f) => ({ ...f, [key]: e.target.value }));
  return (
    <section className="card" data-testid="audit" aria-label="Audit log">
      <h2>Audit log</h2>
      <form onSubmit={submit} className="audit-form">
        <input aria-label="User" placeholder="user" value={filter.user} onChange={set('user')} />
        <input aria-label="Line" placeholder="line" value={filter.line} onChange={set('line')} />
        <input aria-label="Since" type="datetime-local" value={filter.since} onChange={set('since')} />
        <button type="submit">Show</button>
        <a href={auditCsvUrl(auditQuery(filter))} data-testid="audit-csv" download="pulseboard-audit.csv">
          CSV
        </a>
      </form>
      {error ? <p className="fault">{error}</p> : null}
      <table className="audit">
        <tbody>
          {records.map((r) => (
            <tr key={r.id} data-testid="audit-row">
              <td>{clock(r.requestedAt)}</td>
              <td>{r.user}</td>
              <td>{r.action}</td>
              <td>{r.line ?? 'board'}</td>
              <td>{r.newValue === null ? '' : `${r.oldValue ?? '?'} → ${r.newValue}`}</td>
              <td>{r.error ? `${r.result} (${r.error})` : r.result}</td>
              <td>{r.remote}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
