import { describeFault, describeMarker } from './model.js';
import type { HoverInfo } from './useTimelineChart.js';

/** What the pointer is over on the chart: a marker's cause and latency, or a fault interval. */
export function TimelineTooltip({ hover }: { hover: HoverInfo | undefined }) {
  if (!hover) return null;
  const text =
    hover.hit.type === 'marker' ? describeMarker(hover.hit.marker) : describeFault(hover.hit.fault);
  return (
    <div role="tooltip" className="timeline-tooltip" style={{ left: hover.x + 12, top: hover.y + 12 }}>
      {text}
    </div>
  );
}
