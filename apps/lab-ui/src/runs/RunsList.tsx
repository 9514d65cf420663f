import { reportUrl } from '../data/api.js';
import type { RunSummary } from '../data/types.js';
import { fmtMs } from '../timeline/model.js';

/** Past runs, newest first; tick up to three to compare them side by side. */
export function RunsList({
  runs,
  compared,
  onToggle,
  onRefresh,
}: {
  runs: readonly RunSummary[];
  compared: readonly string[];
  onToggle: (runId: string) => void;
  onRefresh: () => void;
}) {
  return (
    <section className="runs" aria-label="Past runs">
      <header className="section-head">
        <h2>Runs</h2>
        <button type="button" onClick={onRefresh}>
          Refresh
        </button>
      </header>
      {runs.length === 0 ? (
        <p className="muted">No runs yet.</p>
      ) : (
        <table className="runs-table">
          <thead>
            <tr>
              <th scope="col">compare</th>
              <th scope="col">scenario</th>
              <th scope="col">status</th>
              <th scope="col">checks</th>
              <th scope="col">started</th>
              <th scope="col">took</th>
              <th scope="col">report</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => {
              const ok = r.expectations.filter((e) => e.ok).length;
              return (
                <tr key={r.runId} data-run={r.runId}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`compare ${r.runId}`}
                      checked={compared.includes(r.runId)}
                      disabled={!compared.includes(r.runId) && compared.length >= 3}
                      onChange={() => onToggle(r.runId)}
                    />
                  </td>
                  <th scope="row">{r.scenario}</th>
                  <td>
                    <span className={`run-status ${r.status}`}>{r.status}</span>
                  </td>
                  <td>
                    {ok}/{r.expectations.length}
                  </td>
                  <td className="small">{new Date(r.startedAt).toLocaleTimeString()}</td>
                  <td>{fmtMs(r.endedAt - r.startedAt)}</td>
                  <td>
                    <a href={reportUrl(r.runId)} target="_blank" rel="noreferrer">
                      HTML
                    </a>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
