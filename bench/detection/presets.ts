import { CONFIGS } from './configs.js';
import { SETTINGS, key, type LossResult, type TrialResult } from './settings.js';
import { formatMs, renderTable, summarize } from './stats.js';

// One row per liveness preset and transport: what README "Presets" quotes (detection p50/p95
// over both faults and both modes, false dead per connection-hour at each loss level).
const PRESETS: { preset: string; transport: string; config: string }[] = [
  { preset: 'lan-fast', transport: 'WebSocket (kernel beat)', config: 'ws' },
  { preset: 'lan-fast', transport: 'WebSocket (ping beat)', config: 'ws-ping' },
  { preset: 'lan-fast', transport: 'TCP / SSE / HTTP', config: 'tcp' },
  { preset: 'wifi-tolerant', transport: 'WebSocket', config: 'ws-wifi' },
  { preset: 'wifi-tolerant', transport: 'TCP / SSE / HTTP', config: 'tcp-wifi' },
  { preset: 'cellular', transport: 'WebSocket', config: 'ws-cell' },
];

export interface PresetRow {
  preset: string;
  transport: string;
  config: string;
  p50: number | null;
  p95: number | null;
  trials: number;
  falseDead: { lossPercent: number; deaths: number; connHours: number }[];
}

export function presetRows(trials: TrialResult[], losses: LossResult[]): PresetRow[] {
  const { MODES } = SETTINGS;
  return PRESETS.filter((p) => CONFIGS.some((c) => c.name === p.config)).map((p) => {
    const latencies = trials.flatMap((t) =>
      MODES.map((m) => t.byConn[key(p.config, m)]?.latencyMs ?? Infinity),
    );
    const s = summarize(latencies);
    const fin = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);
    return {
      ...p,
      p50: fin(s.p50),
      p95: fin(s.p95),
      trials: latencies.length,
      falseDead: losses.map((l) => {
        let deaths = 0;
        let ms = 0;
        for (const m of MODES) {
          const x = l.byConn[key(p.config, m)];
          if (!x) continue;
          deaths += x.deaths;
          ms += x.exposureMs;
        }
        return { lossPercent: l.lossPercent, deaths, connHours: ms / 3_600_000 };
      }),
    };
  });
}

export function presetTable(rows: PresetRow[]): string {
  const { CAP_MS, LOSSES } = SETTINGS;
  const header = ['preset', 'transport', 'detection p50', 'p95', 'trials'];
  for (const p of LOSSES) header.push(`false dead @${p}%`, 'per conn-h');
  return renderTable(
    header,
    rows.map((r) => [
      r.preset,
      r.transport,
      formatMs(r.p50 ?? Infinity, CAP_MS),
      formatMs(r.p95 ?? Infinity, CAP_MS),
      String(r.trials),
      ...r.falseDead.flatMap((f) => [
        `${f.deaths} in ${f.connHours.toFixed(1)} h`,
        f.connHours > 0 ? (f.deaths / f.connHours).toFixed(2) : '-',
      ]),
    ]),
  );
}
