// Owns one uPlot instance: the time axis, scale and cursor. The lanes themselves are painted
// by drawTimeline() in uPlot's draw hook, so uPlot never holds per-event series data.
import { useEffect, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { drawTimeline } from './draw.js';
import { hitTest, type Hit, type TimelineModel } from './model.js';
import type { Palette } from './palette.js';

export interface ChartView {
  model: TimelineModel;
  /** Visible window, epoch ms. */
  from: number;
  to: number;
  /** Zero of the axis (epoch ms): the axis reads "seconds since origin". */
  origin: number;
  now: number;
  palette: Palette;
  laneHeight: number;
  axisSize: number;
}

export interface HoverInfo {
  hit: Hit;
  /** Pointer position in CSS px relative to the chart container. */
  x: number;
  y: number;
}

const HIT_TOLERANCE_PX = 8;
/** Plot top padding; `.lane-labels` has the same padding-top so labels line up with lanes. */
const PAD_TOP = 4;

export function useTimelineChart(view: ChartView) {
  const containerRef = useRef<HTMLDivElement | null>(null);
  const chartRef = useRef<uPlot | null>(null);
  const viewRef = useRef(view);
  const [hover, setHover] = useState<HoverInfo | undefined>(undefined);
  const lastHit = useRef<object | undefined>(undefined);

  // The draw and cursor hooks read the latest view through a ref: no chart rebuild per event.
  useEffect(() => {
    viewRef.current = view;
  });

  const height = Math.max(1, view.model.lanes.length) * view.laneHeight + view.axisSize + PAD_TOP;

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const v = viewRef.current;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      padding: [PAD_TOP, 16, 0, 14], // left room so the "0 s" tick label is not clipped
      legend: { show: false },
      cursor: { y: false, points: { show: false }, drag: { x: false, y: false, setScale: false } },
      scales: { x: { time: false, auto: false }, y: { auto: false, range: [0, 1] } },
      axes: [
        {
          size: v.axisSize,
          stroke: v.palette.text,
          font: v.palette.font,
          grid: { stroke: v.palette.grid, width: 1 },
          // Room per tick label grows with the font, so projector labels never collide.
          space: v.axisSize * 1.6,
          values: (_u, splits) => splits.map((s) => `${Number.isInteger(s) ? s : s.toFixed(1)} s`),
        },
        { show: false },
      ],
      series: [{}, { show: false }],
      hooks: {
        draw: [
          (u) => {
            const cur = viewRef.current;
            const r = uPlot.pxRatio;
            drawTimeline(
              u.ctx,
              cur.model,
              {
                x: (t) => u.valToPos((t - cur.origin) / 1000, 'x', true),
                left: u.bbox.left,
                top: u.bbox.top,
                width: u.bbox.width,
                height: u.bbox.height,
                ratio: r,
                now: cur.now,
              },
              cur.palette,
            );
          },
        ],
        setCursor: [
          (u) => {
            const cur = viewRef.current;
            const { left, top } = u.cursor;
            let next: HoverInfo | undefined;
            if (left !== undefined && top !== undefined && left >= 0 && top >= 0 && cur.model.lanes.length) {
              const laneH = u.bbox.height / uPlot.pxRatio / cur.model.lanes.length;
              const t = cur.origin + u.posToVal(left, 'x') * 1000;
              const tol = (u.posToVal(left + HIT_TOLERANCE_PX, 'x') - u.posToVal(left, 'x')) * 1000;
              const hit = hitTest(cur.model, Math.floor(top / laneH), t, tol, cur.now);
              if (hit)
                next = { hit, x: left + u.bbox.left / uPlot.pxRatio, y: top + u.bbox.top / uPlot.pxRatio };
            }
            // Only re-render React when what is under the pointer changes.
            const key = next?.hit.type === 'marker' ? next.hit.marker : next?.hit.fault;
            if (key === lastHit.current) return;
            lastHit.current = key;
            setHover(next);
          },
        ],
      },
    };
    const u = new uPlot(
      opts,
      [
        [(v.from - v.origin) / 1000, (v.to - v.origin) / 1000],
        [null, null],
      ],
      el,
    );
    chartRef.current = u;
    const ro =
      typeof ResizeObserver === 'undefined'
        ? undefined
        : new ResizeObserver(() => {
            u.setSize({ width: Math.max(200, el.clientWidth), height: u.height });
          });
    ro?.observe(el);
    return () => {
      ro?.disconnect();
      u.destroy();
      chartRef.current = null;
    };
    // The chart is rebuilt only when theme-level sizes change; everything else goes through refs.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view.palette, view.axisSize]);

  useEffect(() => {
    const u = chartRef.current;
    if (!u) return;
    if (u.height !== height) u.setSize({ width: u.width, height });
    const min = (view.from - view.origin) / 1000;
    const max = Math.max(min + 1, (view.to - view.origin) / 1000);
    const sc = u.scales.x;
    // setScale redraws (repainting the lanes); when the window did not move, redraw explicitly.
    if (sc?.min === min && sc?.max === max) u.redraw(false, false);
    else u.setScale('x', { min, max });
  }, [view.model, view.from, view.to, view.origin, view.now, height]);

  return { containerRef, hover };
}
