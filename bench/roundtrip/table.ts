// The one side-by-side table: every row pairs one of our paths with the baseline it is measured
// against in the same run, so the table reads "what Pulseboard's path costs over the floor".
import type { Summary } from './stats.js';

export interface Comparison {
  /** Short level name: `controller`, `ws`, `http`. */
  level: string;
  ours: string;
  baseline: string;
  oursStats: Summary;
  baselineStats: Summary;
  /** Rows the target applies to (p95 <= targetP95Ms). */
  target?: boolean;
}

export interface ComparisonRow {
  level: string;
  ours: string;
  n: number;
  oursP50: number;
  oursP95: number;
  oursP99: number;
  baselineP50: number;
  baselineP95: number;
  /** ours - baseline at p50 and p95: what our path adds over the floor. */
  addedP50: number;
  addedP95: number;
  /** ours / baseline at p95. */
  ratioP95: number;
  /** null when the target does not apply to this row. */
  targetMet: boolean | null;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export function compare(c: Comparison, targetP95Ms: number): ComparisonRow {
  const o = c.oursStats;
  const b = c.baselineStats;
  return {
    level: c.level,
    ours: c.ours,
    n: o.n,
    oursP50: o.p50,
    oursP95: o.p95,
    oursP99: o.p99,
    baselineP50: b.p50,
    baselineP95: b.p95,
    addedP50: round3(o.p50 - b.p50),
    addedP95: round3(o.p95 - b.p95),
    ratioP95: b.p95 > 0 ? Math.round((o.p95 / b.p95) * 10) / 10 : Infinity,
    targetMet: c.target ? o.p95 <= targetP95Ms : null,
  };
}

/** Milliseconds with three significant-ish decimals: 0.007, 0.145, 1.23, 12.3, 123. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  const a = Math.abs(ms);
  if (a >= 100) return ms.toFixed(0);
  if (a >= 10) return ms.toFixed(1);
  if (a >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

/** A plain-text table: the first two columns left-aligned, numbers right-aligned. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

export const comparisonHeader = (targetP95Ms: number): string[] => [
  'level',
  'ours',
  'n',
  'ours p50',
  'ours p95',
  'ours p99',
  'base p50',
  'base p95',
  '+p50',
  '+p95',
  'x p95',
  `p95<=${targetP95Ms}`,
];

export function comparisonCells(r: ComparisonRow): string[] {
  return [
    r.level,
    r.ours,
    String(r.n),
    formatMs(r.oursP50),
    formatMs(r.oursP95),
    formatMs(r.oursP99),
    formatMs(r.baselineP50),
    formatMs(r.baselineP95),
    formatMs(r.addedP50),
    formatMs(r.addedP95),
    Number.isFinite(r.ratioP95) ? `${r.ratioP95}x` : '-',
    r.targetMet === null ? '' : r.targetMet ? 'yes' : 'NO',
  ];
}
