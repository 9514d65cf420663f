// Paints the lanes of a TimelineModel on a 2D canvas. uPlot owns the axis, scale and cursor;
// this runs in its draw hook so every pan, zoom and resize repaints for free.
import type { Lane, TimelineModel } from './model.js';
import type { Palette } from './palette.js';

export interface Geometry {
  /** Epoch ms -> canvas x (device pixels). */
  x: (t: number) => number;
  left: number;
  top: number;
  width: number;
  height: number;
  /** Device pixel ratio, to scale line widths and marker sizes. */
  ratio: number;
  now: number;
}

export function drawTimeline(ctx: CanvasRenderingContext2D, model: TimelineModel, g: Geometry, p: Palette) {
  const n = model.lanes.length;
  if (!n) return;
  const laneH = g.height / n;
  ctx.save();
  ctx.beginPath();
  ctx.rect(g.left, g.top, g.width, g.height);
  ctx.clip();
  model.lanes.forEach((lane, i) => drawLane(ctx, lane, g, p, g.top + i * laneH, laneH));
  ctx.restore();
}

function drawLane(
  ctx: CanvasRenderingContext2D,
  lane: Lane,
  g: Geometry,
  p: Palette,
  top: number,
  h: number,
) {
  const r = g.ratio;
  const x = (t: number) => Math.max(g.left - 10, Math.min(g.left + g.width + 10, g.x(t)));
  // separator
  ctx.strokeStyle = p.grid;
  ctx.lineWidth = p.lineWidth * r;
  ctx.beginPath();
  ctx.moveTo(g.left, top + h);
  ctx.lineTo(g.left + g.width, top + h);
  ctx.stroke();

  // fault intervals: a shaded band across the lane with a solid edge where they start
  for (const f of lane.faults) {
    const x0 = x(f.from);
    const x1 = x(f.to ?? g.now);
    ctx.fillStyle = p.fault;
    ctx.fillRect(x0, top + 1, Math.max(1, x1 - x0), h - 2);
    ctx.fillStyle = p.faultEdge;
    ctx.fillRect(x0, top + 1, 2 * r, h - 2);
  }

  // connection state bar through the middle of the lane
  const barH = Math.max(3 * r, h * 0.22);
  for (const s of lane.states) {
    const colour = p.state[s.state];
    if (!colour) continue;
    const x0 = x(s.from);
    const x1 = x(s.to ?? g.now);
    ctx.fillStyle = colour;
    ctx.fillRect(x0, top + (h - barH) / 2, Math.max(1, x1 - x0), barH);
  }

  // markers on top: dead = red X, suspect = amber diamond, notified = blue dot
  const size = p.markerSize * r;
  const cy = top + h / 2;
  for (const m of lane.markers) {
    const cx = g.x(m.t);
    if (cx < g.left - size || cx > g.left + g.width + size) continue;
    if (m.type === 'notified') {
      ctx.fillStyle = p.notified;
      ctx.beginPath();
      ctx.arc(cx, top + h * 0.25, size * 0.6, 0, Math.PI * 2);
      if (m.state === 'offline') ctx.fill();
      else {
        ctx.strokeStyle = p.notified;
        ctx.lineWidth = 2 * r;
        ctx.stroke();
      }
    } else if (m.state === 'offline') {
      // a light halo first so the X reads on top of the red "offline" bar
      for (const [colour, width] of [
        [p.halo, 6 * r],
        [p.dead, 3 * r],
      ] as const) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = width;
        ctx.beginPath();
        ctx.moveTo(cx - size, cy - size);
        ctx.lineTo(cx + size, cy + size);
        ctx.moveTo(cx + size, cy - size);
        ctx.lineTo(cx - size, cy + size);
        ctx.stroke();
      }
    } else {
      ctx.fillStyle = p.suspect;
      ctx.beginPath();
      ctx.moveTo(cx, cy - size);
      ctx.lineTo(cx + size, cy);
      ctx.lineTo(cx, cy + size);
      ctx.lineTo(cx - size, cy);
      ctx.closePath();
      ctx.fill();
    }
  }
}
