import type { ClientKind, ClientState } from '../types.js';
import type { StepKind } from './story.js';

// One legend for the lab UI and the HTML report: the same colours, symbols and plain words.
// Colours are CSS custom properties with fallbacks, so the UI's themes (projector mode) apply
// in the page and the report, which has no such properties, gets the fallbacks.

export const stateColors: Record<ClientState, string> = {
  starting: 'var(--starting,#9aa5b1)',
  connected: 'var(--connected,#2f9e44)',
  suspect: 'var(--suspect,#f08c00)',
  offline: 'var(--offline,#e03131)',
  stopped: 'var(--stopped,#59606b)',
};

export const stateWords: Record<ClientState, string> = {
  starting: 'starting',
  connected: 'connected',
  suspect: 'suspect (late)',
  offline: 'dead (offline)',
  stopped: 'process stopped',
};

const color = {
  fault: 'var(--fault,#7048e8)',
  suspect: 'var(--suspect,#f08c00)',
  dead: 'var(--offline,#e03131)',
  told: 'var(--notified,#1c7ed6)',
  safe: 'var(--connected,#2f9e44)',
};

/**
 * The symbol of a story step centred at (x, y), as SVG: the same shapes the lab UI's canvas
 * timeline paints (dead ✕, suspect ◆, told ● / ○), plus the story's own (safe ■, lock ▲).
 * `hollow`: a "told" about a suspect, not a death.
 */
export function stepSymbol(kind: StepKind, x: number, y: number, r = 5, hollow = false): string {
  switch (kind) {
    case 'fault':
      return `<path d="M${x - 1.5} ${y - r - 2}h3v${2 * r + 4}h-3z" style="fill:${color.fault}"/>`;
    case 'suspect':
      return `<path d="M${x} ${y - r}l${r} ${r}l${-r} ${r}l${-r} ${-r}z" style="fill:${color.suspect}"/>`;
    case 'dead': {
      const d = `M${x - r} ${y - r}L${x + r} ${y + r}M${x + r} ${y - r}L${x - r} ${y + r}`;
      return `<path d="${d}" style="stroke:var(--card,#fff);stroke-width:5"/><path d="${d}" style="stroke:${color.dead};stroke-width:2.5"/>`;
    }
    case 'told':
      return hollow
        ? `<circle cx="${x}" cy="${y}" r="${r * 0.7}" style="fill:none;stroke:${color.told};stroke-width:2"/>`
        : `<circle cx="${x}" cy="${y}" r="${r * 0.75}" style="fill:${color.told}"/>`;
    case 'safe':
      return `<path d="M${x - r * 0.8} ${y - r * 0.8}h${1.6 * r}v${1.6 * r}h${-1.6 * r}z" style="fill:${color.safe}"/>`;
    case 'lock-freed':
      return `<path d="M${x - r} ${y + r}l${r} ${-2 * r}l${r} ${2 * r}z" style="fill:${color.safe}"/>`;
    case 'healed':
      return `<path d="M${x} ${y - r}v${2 * r}" style="stroke:${color.fault};stroke-width:2;stroke-dasharray:2 2"/>`;
  }
}

export const stepWords: Record<StepKind, string> = {
  fault: 'fault (T+0)',
  suspect: 'server suspects',
  dead: 'server declares dead (cause)',
  told: 'another client told (○ of a suspect)',
  safe: 'output back to safe',
  'lock-freed': 'control lock freed',
  healed: 'fault healed',
};

/** The legend as HTML (inline SVG symbols): the report prints it, the UI renders the same. */
export function legendHtml(): string {
  const swatch = (c: string) =>
    `<svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" style="fill:${c}"/></svg>`;
  const sym = (k: StepKind) =>
    `<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">${stepSymbol(k, 8, 8, 5)}</svg>`;
  const states = (Object.keys(stateColors) as ClientState[])
    .map((s) => `<span class="lg-item">${swatch(stateColors[s])}${stateWords[s]}</span>`)
    .join('');
  const steps = (Object.keys(stepWords) as StepKind[])
    .map((k) => `<span class="lg-item">${sym(k)}${stepWords[k]}</span>`)
    .join('');
  const fault = `<span class="lg-item"><svg width="14" height="10" aria-hidden="true"><rect width="14" height="10" style="fill:${color.fault};fill-opacity:.2;stroke:${color.fault};stroke-dasharray:3 2"/></svg>fault in force</span>`;
  return `<div class="legend" role="list" aria-label="Legend">${states}${fault}${steps}</div>`;
}

/** How a fault's fidelity reads to someone who is not a kernel developer. */
export function fidelityWords(f: 'kernel' | 'userspace'): string {
  return f === 'kernel' ? 'real (kernel)' : 'simulated in software';
}

/** What each kind of virtual client is, for people who do not know the transports by name. */
export const clientKindWords: Record<ClientKind, string> = {
  browser: 'browser (real Chromium)',
  ws: 'WebSocket app',
  sse: 'server-sent events',
  http: 'HTTP keep-alive',
  tcp: 'plain TCP',
};
