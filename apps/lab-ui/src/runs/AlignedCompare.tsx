import { useMemo } from 'react';
import { stepSymbol, stepWords } from '@pulseboard/netlab/report/legend';
import { faultWords, fmtT } from '@pulseboard/netlab/report/story';
import type { RunResult } from '../data/types.js';
import { axisTicks } from '../histogram/latency.js';
import { alignRuns, delta, METRICS } from './aligned.js';

const W = 640;
const LABEL_W = 150;
const ROW_H = 34;

/**
 * The compared runs on one axis, each aligned at its fault (T+0), with what differs from the
 * first run spelled out below: where a change made detection faster or slower shows at a glance.
 */
export function AlignedCompare({ runs }: { runs: readonly RunResult[] }) {
  const { rows, axisMs } = useMemo(() => alignRuns(runs), [runs]);
  const x = (dt: number) => LABEL_W + ((W - LABEL_W - 10) * Math.max(0, dt)) / axisMs;
  const height = rows.length * ROW_H + 24;
  const base = rows[0]!;
  return (
    <section className="aligned-compare" aria-label="Runs aligned at the fault">
      <h3>Aligned at the fault (T+0)</h3>
      <svg viewBox={`0 0 ${W} ${height}`} role="img" aria-label="Each run's story from its fault">
        {axisTicks(axisMs).map((t, i, all) => (
          <g key={t} className="tick">
            <line x1={x(t)} x2={x(t)} y1={0} y2={rows.length * ROW_H} />
            <text
              x={x(t)}
              y={rows.length * ROW_H + 16}
              textAnchor={i === all.length - 1 && x(t) > W - 40 ? 'end' : 'middle'}
            >
              {fmtT(t)}
            </text>
          </g>
        ))}
        {rows.map((r, i) => (
          <g key={r.runId} data-run={r.runId} transform={`translate(0 ${i * ROW_H})`}>
            <text x={4} y={ROW_H / 2 - 2} className="run-label">
              {r.scenario}
            </text>
            <text x={4} y={ROW_H / 2 + 10} className="run-sub">
              {new Date(r.startedAt).toLocaleTimeString()} · {r.story ? faultWords[r.story.kind] : 'no fault'}
            </text>
            {r.steps.map((s, j) => (
              <g
                key={j}
                data-step={s.kind}
                dangerouslySetInnerHTML={{
                  __html: `${stepSymbol(s.kind, x(s.dt), ROW_H / 2, 5, s.state === 'suspect')}<title>${escapeXml(`${fmtT(s.dt)} ${s.text}`)}</title>`,
                }}
              />
            ))}
          </g>
        ))}
      </svg>
      <table className="aligned-diff">
        <thead>
          <tr>
            <th scope="col">run</th>
            {METRICS.map((m) => (
              <th key={m.key} scope="col">
                {m.words}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={r.runId} data-run={r.runId}>
              <th scope="row">
                {r.scenario}
                <span className="muted small sub">
                  {new Date(r.startedAt).toLocaleTimeString()}
                  {i === 0 && rows.length > 1 ? ' · baseline' : ''}
                </span>
              </th>
              {METRICS.map((m) => {
                const v = r.times[m.key];
                const d = i === 0 ? '' : delta(v, base.times[m.key]);
                return (
                  <td key={m.key} data-metric={m.key}>
                    {v === undefined ? '–' : fmtT(v)}
                    {d && (
                      <span
                        className={`sub ${d.startsWith('+') ? 'slower' : d.startsWith('±') ? '' : 'faster'}`}
                      >
                        {d}
                      </span>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {METRICS.map((m) => m.words).join(', ')}: time after the fault. Symbols: {stepWords.dead},{' '}
        {stepWords.told}, {stepWords.safe}. Differences are against the first run.
      </p>
    </section>
  );
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);
}
