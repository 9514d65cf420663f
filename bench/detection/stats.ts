// Percentiles over detection latencies where an undetected trial counts as +Infinity, so a p95
// is never flattered by dropping the trials that hit the cap.
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  // Nearest-rank: the smallest value with at least p% of the samples at or below it.
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export function summarize(values: number[]): { p50: number; p95: number; max: number; n: number } {
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    max: percentile(values, 100),
    n: values.length,
  };
}

export function formatMs(ms: number, capMs: number): string {
  if (Number.isNaN(ms)) return '-';
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
