import { percentile } from '@pulseboard/netlab/report/stats';

// Percentiles (the lab's one stats module) over detection latencies where an undetected trial
// counts as +Infinity, so a p95 is never flattered by dropping the trials that hit the cap.
// No trials: undefined, shown as '-'.
export function summarize(values: number[]): {
  p50: number | undefined;
  p95: number | undefined;
  max: number | undefined;
  n: number;
} {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: percentile(values, 100),
    n: values.length,
  };
}

export function formatMs(ms: number | undefined, capMs: number): string {
  if (ms === undefined) return '-';
  if (!Number.isFinite(ms) || ms > capMs) return `> ${capMs / 1000} s`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** A plain-text table with right-aligned columns after the first two. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}
