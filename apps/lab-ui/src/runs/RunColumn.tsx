import { useMemo } from 'react';
import { reportUrl } from '../data/api.js';
import { eventsToCsv } from '../data/csv.js';
import { downloadText } from '../data/download.js';
import type { RunResult } from '../data/types.js';
import { LatencyHistogram } from '../histogram/LatencyHistogram.js';
import { buildTimeline, fmtMs } from '../timeline/model.js';
import { Timeline } from '../timeline/Timeline.js';

/** One run in the comparison: verdict, expectations, its own timeline and latency histogram. */
export function RunColumn({ run, projector }: { run: RunResult; projector: boolean }) {
  const model = useMemo(() => buildTimeline(run.events), [run.events]);
  return (
    <article className="run-column" data-run={run.runId} aria-label={`Run ${run.runId}`}>
      <h3>
        {run.scenario} <span className={`run-status ${run.status}`}>{run.status}</span>
      </h3>
      <p className="muted small">
        {run.runId} · {new Date(run.startedAt).toLocaleString()} · {fmtMs(run.endedAt - run.startedAt)}
      </p>
      <ul className="expectations">
        {run.expectations.map((e, i) => (
          <li key={i} className={e.ok ? 'ok' : 'bad'}>
            {e.ok ? '✓' : '✗'} <strong>{e.name}</strong> <span className="muted">{e.message}</span>
          </li>
        ))}
      </ul>
      <div className="export-bar">
        <button
          type="button"
          onClick={() => downloadText(`${run.runId}.json`, 'application/json', JSON.stringify(run, null, 2))}
        >
          JSON
        </button>
        <button
          type="button"
          onClick={() => downloadText(`${run.runId}.csv`, 'text/csv', eventsToCsv(run.events))}
        >
          CSV
        </button>
        <a className="button" href={reportUrl(run.runId)} download={`${run.runId}.html`}>
          HTML report
        </a>
      </div>
      <Timeline model={model} now={run.endedAt} projector={projector} title="Run timeline" />
      <LatencyHistogram events={run.events} title="Run detection latency" />
    </article>
  );
}
