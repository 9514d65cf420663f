import { useMemo, useState } from 'react';
import type { LabEvent, PresenceState } from '../data/types.js';
import { fmtMs } from '../timeline/model.js';
import { detectionSamples, histograms, type KindHistogram } from './latency.js';

/** Detection latency per fault kind: one row of bars per kind, with median and p95. */
export function LatencyHistogram({
  events,
  title = 'Detection latency',
}: {
  events: readonly LabEvent[];
  title?: string;
}) {
  const [state, setState] = useState<PresenceState>('offline');
  const samples = useMemo(() => detectionSamples(events), [events]);
  const h = useMemo(() => histograms(samples, state), [samples, state]);
  return (
    <section className="histogram" aria-label={title}>
      <header className="section-head">
        <h2>{title}</h2>
        <div className="seg" role="group" aria-label="Detected state">
          {(['offline', 'suspect'] as const).map((s) => (
            <button key={s} type="button" aria-pressed={state === s} onClick={() => setState(s)}>
              {s === 'offline' ? 'dead' : 'suspect'}
            </button>
          ))}
        </div>
      </header>
      {h.kinds.length === 0 ? (
        <p className="muted empty">No {state === 'offline' ? 'dead' : 'suspect'} detections yet.</p>
      ) : (
        <table className="hist-table">
          <thead>
            <tr>
              <th scope="col">fault</th>
              <th scope="col">n</th>
              <th scope="col">median</th>
              <th scope="col">p95</th>
              <th scope="col">
                0 … {fmtMs(h.nBins * h.binMs)} ({fmtMs(h.binMs)} bins)
              </th>
            </tr>
          </thead>
          <tbody>
            {h.kinds.map((k) => (
              <tr key={k.kind} data-kind={k.kind}>
                <th
                  scope="row"
                  title={k.kind === 'unknown' ? 'Detected with no fault applied to that client' : undefined}
                >
                  {k.kind === 'unknown' ? 'no fault (false alarm?)' : k.kind}
                </th>
                <td>{k.count}</td>
                <td>{fmtMs(k.medianMs)}</td>
                <td>{fmtMs(k.p95Ms)}</td>
                <td>
                  <Bars k={k} binMs={h.binMs} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Bars({ k, binMs }: { k: KindHistogram; binMs: number }) {
  const top = Math.max(...k.bins, 1);
  const w = 100 / k.bins.length;
  return (
    <svg
      className="bars"
      viewBox="0 0 100 30"
      preserveAspectRatio="none"
      role="img"
      aria-label={`${k.kind} latency bars`}
    >
      {k.bins.map((c, i) =>
        c ? (
          <rect
            key={i}
            x={i * w + 0.5}
            width={Math.max(0.5, w - 1)}
            y={30 - (c / top) * 30}
            height={(c / top) * 30}
          >
            <title>
              {fmtMs(i * binMs)}–{fmtMs((i + 1) * binMs)}: {c}
            </title>
          </rect>
        ) : null,
      )}
    </svg>
  );
}
