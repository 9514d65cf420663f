import { useState } from 'react';
import { Legend } from '../Legend.js';
import { OutputLabels, OutputTracks } from '../outputs/OutputLanes.js';
import type { OutputLane } from '../outputs/lanes.js';
import type { TimelineModel } from './model.js';
import { LaneLabel } from './LaneLabel.js';
import { TimelineTooltip } from './TimelineTooltip.js';
import { palettes } from './palette.js';
import { useTimelineChart } from './useTimelineChart.js';

export const WINDOWS = [
  { label: '30 s', ms: 30_000 },
  { label: '2 min', ms: 120_000 },
  { label: '10 min', ms: 600_000 },
  { label: 'All', ms: Infinity },
] as const;

interface Props {
  model: TimelineModel;
  /** Right edge of the chart and the end of still-open intervals (epoch ms). */
  now: number;
  projector?: boolean;
  /** Offer the follow window buttons (live view); a finished run shows everything. */
  live?: boolean;
  title?: string;
  /** The board's lines as logic-analyser lanes under the clients, on the same time axis. */
  outputs?: readonly OutputLane[];
}

/** One lane per client: connection state, fault intervals, dead/suspect and "told" markers. */
export function Timeline({
  model,
  now,
  projector = false,
  live = false,
  title = 'Timeline',
  outputs = [],
}: Props) {
  const [windowMs, setWindowMs] = useState<number>(live ? 120_000 : Infinity);
  const palette = projector ? palettes.projector : palettes.normal;
  const laneHeight = projector ? 48 : 30;
  const t0 = model.t0 ?? now;
  // Live: the right edge is the wall clock, or the newest event if the lab's clock runs ahead.
  const to = live ? Math.max(now, model.t1 ?? now) : Math.max(model.t1 ?? now, t0 + 1000);
  const from = Math.max(t0, to - windowMs);
  const axisSize = projector ? 56 : 36;
  const { containerRef, hover } = useTimelineChart({
    model,
    from,
    to,
    origin: t0,
    now,
    palette,
    laneHeight,
    axisSize,
  });

  return (
    <section className="timeline" aria-label={title}>
      <header className="section-head">
        <h2>{title}</h2>
        {live && (
          <div className="seg" role="group" aria-label="Time window">
            {WINDOWS.map((w) => (
              <button
                key={w.label}
                type="button"
                aria-pressed={windowMs === w.ms}
                onClick={() => setWindowMs(w.ms)}
              >
                {w.label}
              </button>
            ))}
          </div>
        )}
        <Legend />
      </header>
      {model.lanes.length === 0 && (
        <p className="muted empty">No clients yet: add some to see their lanes.</p>
      )}
      <div className="timeline-body">
        <ol className="lane-labels">
          {model.lanes.map((l) => (
            <LaneLabel key={l.id} lane={l} height={laneHeight} />
          ))}
          {outputs.length > 0 && (
            <>
              {/* the x axis sits between the client lanes and the output lanes */}
              <li
                className="lane-spacer"
                style={{ height: axisSize + (model.lanes.length ? 0 : laneHeight) }}
                aria-hidden
              />
              <OutputLabels lanes={outputs} height={laneHeight} />
            </>
          )}
        </ol>
        <div className="timeline-chart">
          {/* uPlot owns this div's children; React only owns its siblings. */}
          <div ref={containerRef} data-testid="timeline-chart" />
          {outputs.length > 0 && <OutputTracks lanes={outputs} from={from} to={to} height={laneHeight} />}
          <TimelineTooltip hover={hover} />
        </div>
      </div>
    </section>
  );
}
