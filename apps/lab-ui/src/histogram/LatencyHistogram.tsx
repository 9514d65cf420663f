import { useMemo, useState } from 'react';
import { clientKindWords } from '@pulseboard/netlab/report/legend';
import { faultWords } from '@pulseboard/netlab/report/story';
import type { ClientKind, FaultKind, LabEvent, PresenceState } from '../data/types.js';
import { fmtMs } from '../timeline/model.js';
import {
  axisTicks,
  BUDGETS,
  detectionSamples,
  falseAlarmSummary,
  histograms,
  type GroupBy,
  type GroupHistogram,
} from './latency.js';

/**
 * Detection latency after real outages, one row of bars per fault kind or per client kind on
 * one shared axis with the 1 s and 2 s budgets drawn across; detections of clients that were
 * still there (no fault, loss, delay) are counted apart as false alarms.
 */
export function LatencyHistogram({
  events,
  title = 'Detection latency',
}: {
  events: readonly LabEvent[];
  title?: string;
}) {
  const [state, setState] = useState<PresenceState>('offline');
  const [groupBy, setGroupBy] = useState<GroupBy>('fault');
  const samples = useMemo(() => detectionSamples(events), [events]);
  const h = useMemo(() => histograms(samples.latencies, state, groupBy), [samples, state, groupBy]);
  const alarms = useMemo(() => falseAlarmSummary(samples.falseAlarms, state), [samples, state]);
  const stateWord = state === 'offline' ? 'dead' : 'suspect';
  return (
    <section className="histogram" aria-label={title}>
      <header className="section-head">
        <h2>{title}</h2>
        <Segmented
          label="Detected state"
          value={state}
          options={[
            ['offline', 'dead'],
            ['suspect', 'suspect'],
          ]}
          onChange={setState}
        />
        <Segmented
          label="Group by"
          value={groupBy}
          options={[
            ['fault', 'by fault'],
            ['client', 'by client kind'],
          ]}
          onChange={setGroupBy}
        />
      </header>
      {h.groups.length === 0 ? (
        <p className="muted empty">No {stateWord} detections after a fault yet.</p>
      ) : (
        <div
          className="hist-grid"
          role="list"
          aria-label={`Time from fault to ${stateWord}, ${groupBy === 'fault' ? 'by fault' : 'by client kind'}`}
        >
          {h.groups.map((g) => (
            <div key={g.key} className="hist-row" role="listitem" data-group={g.key}>
              <div className="hist-label">
                <strong>{groupWords(groupBy, g.key)}</strong>
                <span className="small">
                  n {g.count} · median {fmtMs(g.medianMs)} · p95{' '}
                  <span className={overBudget(groupBy, g) ? 'over-budget' : undefined}>{fmtMs(g.p95Ms)}</span>
                </span>
              </div>
              <Bars g={g} binMs={h.binMs} axisMs={h.axisMs} label={groupWords(groupBy, g.key)} />
            </div>
          ))}
          <div className="hist-row axis-row">
            <span />
            <Axis axisMs={h.axisMs} />
          </div>
          <p className="muted small hist-key">
            Time from the fault to “{stateWord}”. Dashed lines: the budgets,{' '}
            {BUDGETS.map((b) => b.label).join(' and ')}; solid line: p95{overBudgetWords(groupBy)}.
          </p>
        </div>
      )}
      <p className="false-alarms" data-count={samples.falseAlarms.filter((a) => a.state === state).length}>
        {alarms.length === 0 ? (
          <span className="muted">No false alarms: every {stateWord} detection followed a real outage.</span>
        ) : (
          <>
            <strong>False alarms ({stateWord}, client was still there):</strong> {alarms.join(', ')}
          </>
        )}
      </p>
    </section>
  );
}

function Segmented<T extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: T;
  options: [T, string][];
  onChange: (v: T) => void;
}) {
  return (
    <div className="seg" role="group" aria-label={label}>
      {options.map(([v, words]) => (
        <button key={v} type="button" aria-pressed={value === v} onClick={() => onChange(v)}>
          {words}
        </button>
      ))}
    </div>
  );
}

function groupWords(groupBy: GroupBy, key: string): string {
  if (key === 'unknown') return 'unknown';
  return groupBy === 'fault' ? faultWords[key as FaultKind] : clientKindWords[key as ClientKind];
}

/** Browsers are held to the 1 s budget, everything else to 2 s; a kind-less group to 2 s. */
function overBudget(groupBy: GroupBy, g: GroupHistogram): boolean {
  const budget = groupBy === 'client' && g.key === 'browser' ? 1000 : 2000;
  return g.p95Ms > budget;
}

const overBudgetWords = (groupBy: GroupBy) =>
  groupBy === 'client' ? ' (red: over its budget, 1 s for browsers, 2 s for the rest)' : ' (red: over 2 s)';

const pct = (ms: number, axisMs: number) => (100 * ms) / axisMs;

function Bars({
  g,
  binMs,
  axisMs,
  label,
}: {
  g: GroupHistogram;
  binMs: number;
  axisMs: number;
  label: string;
}) {
  const top = Math.max(...g.bins, 1);
  const w = pct(binMs, axisMs);
  return (
    <svg
      className="bars"
      viewBox="0 0 100 30"
      preserveAspectRatio="none"
      role="img"
      aria-label={`${label}: ${g.count} detections, median ${fmtMs(g.medianMs)}, p95 ${fmtMs(g.p95Ms)}`}
    >
      {BUDGETS.map((b) => (
        <line
          key={b.ms}
          className="budget"
          x1={pct(b.ms, axisMs)}
          x2={pct(b.ms, axisMs)}
          y1={0}
          y2={30}
          vectorEffect="non-scaling-stroke"
        />
      ))}
      {g.bins.map((c, i) =>
        c ? (
          <rect
            key={i}
            x={i * w + 0.2}
            width={Math.max(0.4, w - 0.4)}
            y={30 - (c / top) * 28}
            height={(c / top) * 28}
          >
            <title>
              {fmtMs(i * binMs)}–{fmtMs((i + 1) * binMs)}: {c}
            </title>
          </rect>
        ) : null,
      )}
      <line
        className="p95"
        x1={pct(g.p95Ms, axisMs)}
        x2={pct(g.p95Ms, axisMs)}
        y1={0}
        y2={30}
        vectorEffect="non-scaling-stroke"
      />
    </svg>
  );
}

/** Tick labels under the bars (the last one right-aligned so it is never cut off). */
function Axis({ axisMs }: { axisMs: number }) {
  const ticks = axisTicks(axisMs);
  return (
    <div className="hist-axis" aria-hidden="true">
      {ticks.map((t, i) => (
        <span
          key={t}
          className={`tick${i === 0 ? ' first' : ''}${i === ticks.length - 1 && pct(t, axisMs) > 90 ? ' last' : ''}`}
          style={{ left: `${pct(t, axisMs)}%` }}
        >
          {/* seconds, the unit once at the end: narrow columns still fit every tick */}
          {t === 0 ? '0' : i === ticks.length - 1 ? `${t / 1000} s` : `${t / 1000}`}
        </span>
      ))}
    </div>
  );
}
