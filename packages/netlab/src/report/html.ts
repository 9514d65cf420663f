import type { RunResult } from '../types.js';
import { legendHtml, stateColors, stepSymbol } from './legend.js';
import { clientRows, histogram, latencySamples, type ClientRow } from './model.js';
import { percentile } from './stats.js';
import { faultStories, storyTimes, type FaultStory } from './story.js';
import { storySvg } from './story-svg.js';
import { fmtT } from './story.js';

// The self-contained HTML report: inline CSS and SVG, no scripts from anywhere else, so it
// opens from a CI artifact or an e-mail attachment exactly as it looked.

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const colors: Record<string, string> = stateColors;

/** At most this many fault stories head the report; a soak run's hundredth fault adds nothing. */
const maxStories = 12;

function storySection(s: FaultStory): string {
  const t = storyTimes(s);
  const parts = [
    t.deadMs !== undefined ? `dead at ${fmtT(t.deadMs)}` : 'never declared dead',
    t.toldMs !== undefined ? `last told at ${fmtT(t.toldMs)}` : undefined,
    t.safeMs !== undefined ? `outputs safe at ${fmtT(t.safeMs)}` : undefined,
  ].filter(Boolean);
  return `<section class="story"><h3>${esc(s.kind)} · ${esc(s.users.join(', ') || s.targets.join(', '))} <span class="muted">${esc(parts.join(' · '))}</span></h3>${storySvg(s)}</section>`;
}

function timeline(rows: ClientRow[], t0: number, t1: number): string {
  const W = 900;
  const left = 190;
  const rowH = 22;
  const span = Math.max(1, t1 - t0);
  const x = (t: number) => left + ((Math.min(Math.max(t, t0), t1) - t0) / span) * (W - left - 10);
  const h = rows.length * rowH + 30;
  const parts: string[] = [];
  rows.forEach((r, i) => {
    const y = 10 + i * rowH;
    parts.push(`<text x="4" y="${y + 14}" class="lbl">${esc(r.label)}</text>`);
    for (const b of r.bands) {
      parts.push(
        `<rect x="${x(b.from)}" y="${y + 4}" width="${Math.max(1, x(b.to) - x(b.from))}" height="12" style="fill:${colors[b.state] ?? '#999'}"><title>${b.state} ${b.from - t0}–${b.to - t0} ms</title></rect>`,
      );
    }
    for (const f of r.faults) {
      parts.push(
        `<rect x="${x(f.from)}" y="${y + 1}" width="${Math.max(2, x(f.to) - x(f.from))}" height="18" class="fault"><title>${esc(f.kind)} (${f.fidelity}) ${f.from - t0}–${f.to - t0} ms</title></rect>`,
      );
    }
    for (const m of r.markers) {
      const kind = m.what === 'suspect' ? 'suspect' : m.what === 'offline' ? 'dead' : 'told';
      parts.push(
        `<g>${stepSymbol(kind, x(m.at), y + 10, 5, m.what === 'notified-suspect')}<title>${esc(m.label)}</title></g>`,
      );
    }
  });
  for (let i = 0; i <= 5; i++) {
    const t = t0 + (span * i) / 5;
    const anchor = i === 0 ? 'start' : i === 5 ? 'end' : 'middle'; // the last tick is not cut off
    parts.push(
      `<text x="${x(t)}" y="${h - 4}" text-anchor="${anchor}" class="axis">${((t - t0) / 1000).toFixed(1)} s</text>`,
    );
  }
  return `<svg viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="client timeline">${parts.join('')}</svg>`;
}

function histogramSvg(values: number[], title: string): string {
  const bins = histogram(values);
  if (bins.length === 0) return `<p class="muted">${esc(title)}: no samples</p>`;
  const W = 420;
  const H = 140;
  const max = Math.max(...bins.map((b) => b.count));
  const bw = (W - 40) / bins.length;
  const bars = bins
    .map((b, i) => {
      const bh = (b.count / max) * (H - 40);
      return `<rect x="${30 + i * bw}" y="${H - 22 - bh}" width="${bw - 2}" height="${bh}" fill="#4a78c2"><title>${b.from}–${b.to} ms: ${b.count}</title></rect>`;
    })
    .join('');
  const p50 = percentile(values, 50);
  const p95 = percentile(values, 95);
  return `<figure><figcaption>${esc(title)} — n=${values.length}, p50 ${p50} ms, p95 ${p95} ms, max ${Math.max(...values)} ms</figcaption>
<svg viewBox="0 0 ${W} ${H}" width="${W}" role="img">${bars}<text x="30" y="${H - 6}" class="axis">${bins[0]!.from} ms</text><text x="${W - 70}" y="${H - 6}" class="axis">${bins.at(-1)!.to} ms</text></svg></figure>`;
}

export function renderReport(run: RunResult): string {
  const rows = clientRows(run);
  const stories = faultStories(run.events);
  const samples = latencySamples(run);
  const expectations = run.expectations
    .map(
      (e) =>
        `<tr class="${e.ok ? 'ok' : 'bad'}"><td>${e.ok ? '✔' : '✘'}</td><td>${esc(e.name)}</td><td>${esc(e.message)}</td></tr>`,
    )
    .join('');
  const hist = samples
    .map(
      (s) =>
        `<section class="kind"><h3>${esc(s.kind)}</h3><p class="muted">suspect records: ${s.suspects}</p>${s.falseAlarms ? `<p class="bad">false offline (no fault explains it): ${s.falseAlarms}</p>` : ''}${histogramSvg(s.detection, 'server detection')}${histogramSvg(s.notified, 'others notified')}</section>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(run.scenario)} — ${run.status}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#1d2330;max-width:1000px}
h1 .passed{color:#2d8a55}h1 .failed{color:#c23b3b}h1 .stopped{color:#777}
table{border-collapse:collapse;width:100%}td{padding:3px 8px;border-bottom:1px solid #e3e6ea}
tr.bad td{color:#b02a2a}.bad{color:#b02a2a}.muted{color:#777}
.lbl{font:11px monospace}.axis{font:10px sans-serif;fill:#555}
.fault{fill:rgba(214,69,69,.18);stroke:#d64545;stroke-dasharray:3 2}
.notified{stroke:#2452a8;stroke-width:2}
.kind{display:inline-block;vertical-align:top;margin:0 18px 18px 0}
.legend{display:flex;flex-wrap:wrap;gap:4px 14px;margin:6px 0}.lg-item{display:inline-flex;align-items:center;gap:4px;font-size:12px}
.story{margin:0 0 14px}.story h3{font-size:14px;margin:8px 0 2px}
</style></head><body>
<h1>${esc(run.scenario)} <span class="${run.status}">${run.status}</span></h1>
<p class="muted">run ${esc(run.runId)} · ${new Date(run.startedAt).toISOString()} · ${((run.endedAt - run.startedAt) / 1000).toFixed(1)} s</p>
${stories.length ? `<h2>What happened</h2>${stories.slice(0, maxStories).map(storySection).join('')}${stories.length > maxStories ? `<p class="muted">and ${stories.length - maxStories} more faults (see the timeline)</p>` : ''}` : ''}
<h2>Expectations</h2><table>${expectations || '<tr><td>none</td></tr>'}</table>
<h2>Timeline</h2>
${legendHtml()}
${timeline(rows, run.startedAt, run.endedAt)}
<h2>Latency per fault kind</h2>${hist || '<p class="muted">no detections</p>'}
</body></html>
`;
}
