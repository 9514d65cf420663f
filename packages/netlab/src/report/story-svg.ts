import { stepSymbol } from './legend.js';
import { fmtT, type FaultStory, type StoryStep } from './story.js';

// A fault story drawn as SVG text: one row per step, all on one T+ axis, a lead line from T+0
// to each step so the delays read at a glance. The HTML report embeds it as is; the lab UI puts
// the same markup in the page and maps pointer positions back to time with `storyLayout`.

export const storyLayout = { width: 960, left: 330, right: 18, rowH: 22, top: 8, axisH: 26 };

/** The layout for a drawing `width` units wide: the label column shrinks on narrow screens. */
export function storyLayoutFor(width = storyLayout.width): typeof storyLayout {
  const w = Math.max(360, Math.round(width));
  return { ...storyLayout, width: w, left: Math.round(Math.min(330, Math.max(200, w * 0.42))) };
}

export interface StoryWindow {
  /** Ms relative to the fault start (T+0); default −1000. */
  from: number;
  /** Default 3000. */
  to: number;
}

export const defaultWindow: StoryWindow = { from: -1000, to: 3000 };

/** Many clients told: keep the first and the last few, and one summary row for the rest. */
export const maxToldRows = 8;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

type Row = { step: StoryStep; text: string } | { summary: string; from: number; to: number };

export function storyRows(story: FaultStory): Row[] {
  const rows: Row[] = [];
  const told = story.steps.filter((s) => s.kind === 'told');
  const keepTold = new Set(
    told.length > maxToldRows ? [...told.slice(0, 4), ...told.slice(-(maxToldRows - 4))] : told,
  );
  let summarised = false;
  for (const step of story.steps) {
    if (step.kind === 'healed') continue;
    if (step.kind === 'told' && !keepTold.has(step)) {
      if (!summarised) {
        const hidden = told.filter((t) => !keepTold.has(t));
        rows.push({
          summary: `… ${hidden.length} more told, ${fmtT(hidden[0]!.dt)} – ${fmtT(hidden.at(-1)!.dt)}`,
          from: hidden[0]!.dt,
          to: hidden.at(-1)!.dt,
        });
        summarised = true;
      }
      continue;
    }
    rows.push({ step, text: `${fmtT(step.dt)}  ${step.text}` });
  }
  return rows;
}

/** Axis ticks (ms after the fault) for a window: 5 to 10 of them at a round step. */
export function storyTicks(w: StoryWindow, maxTicks = 10): number[] {
  const span = w.to - w.from;
  const step =
    [50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 30_000].find((s) => span / s <= maxTicks) ?? 60_000;
  const out: number[] = [];
  for (let t = Math.ceil(w.from / step) * step; t <= w.to; t += step) out.push(t);
  return out;
}

const tickLabel = (t: number) =>
  t === 0 ? 'T+0' : `T${t < 0 ? '−' : '+'}${+(Math.abs(t) / 1000).toFixed(2)} s`;

/** `width`: drawing units; the UI passes its pixel width so text stays 12 px on any screen. */
export function storySvg(story: FaultStory, w: StoryWindow = defaultWindow, width?: number): string {
  const L = storyLayoutFor(width);
  const rows = storyRows(story);
  const h = L.top + rows.length * L.rowH + L.axisH;
  const span = Math.max(1, w.to - w.from);
  const plotW = L.width - L.left - L.right;
  const x = (dt: number) => L.left + ((Math.min(Math.max(dt, w.from), w.to) - w.from) / span) * plotW;
  const out: string[] = [];
  const bottom = L.top + rows.length * L.rowH;
  // The fault in force, as a band behind every row.
  const faultEnd = story.endedAt !== undefined ? story.endedAt - story.startedAt : w.to;
  if (faultEnd >= w.from && faultEnd > 0) {
    out.push(
      `<rect class="story-fault" x="${x(0)}" y="${L.top}" width="${Math.max(2, x(faultEnd) - x(0))}" height="${bottom - L.top}" style="fill:var(--fault,#7048e8);fill-opacity:.08"/>`,
    );
  }
  // A tick label is ~60 units wide: no more ticks than fit side by side.
  for (const t of storyTicks(w, Math.max(2, Math.min(10, Math.floor(plotW / 64))))) {
    out.push(
      `<path d="M${x(t)} ${L.top}V${bottom + 4}" style="stroke:var(--line,#d6dae0);stroke-width:${t === 0 ? 2 : 1}"/>`,
      `<text x="${x(t)}" y="${bottom + 18}" text-anchor="middle" class="story-tick" style="font:12px system-ui,sans-serif;fill:var(--muted,#5f6b7a)">${tickLabel(t)}</text>`,
    );
  }
  rows.forEach((r, i) => {
    const y = L.top + i * L.rowH + L.rowH / 2;
    if ('summary' in r) {
      out.push(
        `<text x="8" y="${y + 4}" style="font:12px system-ui,sans-serif;fill:var(--muted,#5f6b7a)">${esc(r.summary)}</text>`,
        `<path d="M${x(r.from)} ${y}H${x(r.to)}" style="stroke:var(--notified,#1c7ed6);stroke-width:6;stroke-opacity:.4"/>`,
      );
      return;
    }
    const s = r.step;
    const outside = s.dt < w.from ? '‹ ' : s.dt > w.to ? ' ›' : '';
    out.push(
      `<g class="story-step" data-kind="${s.kind}" data-dt="${Math.round(s.dt)}">`,
      `<title>${esc(r.text)}</title>`,
      `<text x="8" y="${y + 4}" style="font:${s.kind === 'dead' || s.kind === 'fault' ? '600 ' : ''}12px system-ui,sans-serif;fill:var(--fg,#1f2933)">${esc(r.text)}</text>`,
      s.dt > 0
        ? `<path d="M${x(0)} ${y}H${x(s.dt)}" style="stroke:var(--line,#d6dae0);stroke-width:2"/>`
        : '',
      stepSymbol(s.kind, x(s.dt), y, 5, s.state === 'suspect'),
      outside
        ? `<text x="${x(s.dt) + (s.dt > w.to ? -20 : 8)}" y="${y + 4}" style="font:bold 12px sans-serif;fill:var(--muted,#5f6b7a)">${outside.trim()}</text>`
        : '',
      `</g>`,
    );
  });
  return `<svg class="story-svg" viewBox="0 0 ${L.width} ${h}" width="100%" role="img" aria-label="${esc(
    `Story of ${story.kind} fault ${story.faultId}`,
  )}">${out.join('')}</svg>`;
}
