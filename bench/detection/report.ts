import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { CONFIGS } from './configs.js';
import type { CpuResult } from './cpu.js';
import { SETTINGS, key, type LossResult, type TrialResult } from './settings.js';
import { presetRows, presetTable } from './presets.js';
import { formatMs, renderTable, summarize } from './stats.js';

export interface ReportInput {
  trials: TrialResult[];
  losses: LossResult[];
  cpu: CpuResult[];
  elapsedMs: number;
  load: { loadAtTrials: number; loadAtLoss: number };
}

const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x : null);

/** Prints the side-by-side tables and writes bench/results/detection-*.json. */
export function report(r: ReportInput): void {
  const { FAULTS, LOSSES, MODES, CAP_MS, TRIALS, LOSS_WINDOW_MS, LOSS_COPIES } = SETTINGS;
  const header = ['configuration', 'mode'];
  for (const f of FAULTS) header.push(`${f} p50`, 'p95', 'max');
  for (const p of LOSSES) header.push(`false dead @${p}%`, 'per conn-h');
  const rows: string[][] = [];
  const detection: unknown[] = [];
  const falseDead: unknown[] = [];
  for (const c of CONFIGS) {
    for (const mode of MODES) {
      const k = key(c.name, mode);
      const row = [c.label, mode];
      for (const fault of FAULTS) {
        const results = r.trials.filter((t) => t.fault === fault).map((t) => t.byConn[k]!);
        const s = summarize(results.map((x) => x.latencyMs ?? Infinity));
        row.push(formatMs(s.p50, CAP_MS), formatMs(s.p95, CAP_MS), formatMs(s.max, CAP_MS));
        detection.push({
          config: c.name,
          mode,
          fault,
          latenciesMs: results.map((x) => x.latencyMs),
          causes: results.map((x) => x.cause),
          details: results.map((x) => x.detail),
          p50: finite(s.p50),
          p95: finite(s.p95),
          max: finite(s.max),
        });
      }
      for (const l of r.losses) {
        const x = l.byConn[k];
        if (!x) {
          row.push('-', '-');
          continue;
        }
        const hours = x.exposureMs / 3_600_000;
        row.push(`${x.deaths} in ${hours.toFixed(1)} h`, (x.deaths / hours).toFixed(2));
        falseDead.push({
          config: c.name,
          mode,
          lossPercent: l.lossPercent,
          ...x,
          perConnHour: x.deaths / hours,
        });
      }
      rows.push(row);
    }
  }
  const table = renderTable(header, rows);
  console.log(`\n\n${table}\n`);
  console.log(
    `latency = server detection time - fault start (nft \`meta time\` starts it on a kernel-clock second); ` +
      `"> ${CAP_MS / 1000} s" = not detected within the cap. ${TRIALS} trials per fault; loss windows ` +
      `${LOSS_WINDOW_MS / 1000} s x ${LOSS_COPIES} connections per configuration and mode, in parallel ` +
      `(random loss both ways). Load average (1 min): ${r.load.loadAtTrials.toFixed(1)} after the trials, ` +
      `${r.load.loadAtLoss.toFixed(1)} after the loss windows, ${cpus().length} cores.`,
  );

  const cpuTable = renderTable(
    ['configuration', 'idle conns', '% core / conn', '% core / 200 conns'],
    r.cpu.map((c) => [
      c.label,
      String(c.connections),
      c.percentPerConnection.toFixed(4),
      (c.percentPerConnection * 200).toFixed(2),
    ]),
  );
  console.log(`\nserver CPU per idle connection (bench process, idle baseline subtracted):\n${cpuTable}\n`);
  const presets = presetRows(r.trials, r.losses);
  console.log(
    `presets (blackhole + power-off, idle + streaming; false dead over both modes):\n${presetTable(presets)}\n`,
  );
  const targets = issueTargets(r);
  console.log(`issue 13 targets (this run):\n${renderTable(['target', 'measured', 'met'], targets)}\n`);
  console.log(`elapsed ${(r.elapsedMs / 1000).toFixed(0)} s`);

  const dir = new URL('../results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = new URL(`detection-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, dir);
  const json = {
    bench: 'detection',
    at: new Date().toISOString(),
    quick: SETTINGS.quick,
    machine: { kernel: release(), cpus: cpus().length, node: process.version, load: r.load },
    settings: SETTINGS,
    configs: CONFIGS.map((c) => ({ name: c.name, label: c.label, transport: c.transport })),
    detection,
    falseDead,
    cpu: r.cpu,
    table,
    cpuTable,
    presets,
    targets,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${file.pathname}`);
}

/** The issue's targets, each with what this run measured (configurations absent: "-"). */
function issueTargets(r: ReportInput): string[][] {
  const { FAULTS, MODES, CAP_MS } = SETTINGS;
  const has = (name: string) => CONFIGS.some((c) => c.name === name);
  const yes = (ok: boolean | null) => (ok === null ? '-' : ok ? 'yes' : 'NO');
  const out: string[][] = [];
  if (has('ws')) {
    const p95s = FAULTS.flatMap((fault) =>
      MODES.map(
        (mode) =>
          summarize(
            r.trials
              .filter((t) => t.fault === fault)
              .map((t) => t.byConn[key('ws', mode)]?.latencyMs ?? Infinity),
          ).p95 ?? Infinity,
      ),
    );
    const worst = Math.max(...p95s);
    out.push([
      'WebSocket p95 <= 0.5 s at 0 % loss (lan-fast, worst fault/mode)',
      formatMs(worst, CAP_MS),
      yes(worst <= 500),
    ]);
  }
  const deaths = (names: string[], modes: readonly string[], loss: number) => {
    const l = r.losses.find((x) => x.lossPercent === loss);
    if (!l) return null;
    let d = 0;
    let ms = 0;
    for (const n of names.filter(has))
      for (const m of modes) {
        const x = l.byConn[key(n, m)];
        if (!x) continue;
        d += x.deaths;
        ms += x.exposureMs;
      }
    return ms > 0 ? { d, h: ms / 3_600_000 } : null;
  };
  const row = (
    label: string,
    x: { d: number; h: number } | null,
    ok: (x: { d: number; h: number }) => boolean,
  ) => out.push([label, x ? `${x.d} in ${x.h.toFixed(1)} conn-h` : '-', x ? yes(ok(x)) : '-']);
  row(
    '0 false dead at 1 %: WebSocket sub-second (lan-fast, both beats; wifi-tolerant)',
    deaths(['ws', 'ws-ping', 'ws-wifi'], MODES, 1),
    (x) => x.d === 0,
  );
  row(
    '0 false dead at 1 %: idle keepalive-only TCP, lan-fast default',
    deaths(['tcp'], ['idle'], 1),
    (x) => x.d === 0,
  );
  row(
    '0 false dead at 1 %: TCP streaming, lan-fast default',
    deaths(['tcp'], ['stream'], 1),
    (x) => x.d === 0,
  );
  const v2Names = CONFIGS.filter((c) => !c.peer && !c.name.startsWith('v1')).map((c) => c.name);
  const dirty = v2Names.filter((n) => (deaths([n], MODES, 1)?.d ?? 0) > 0);
  row(
    `0 false dead at 1 %: every v2 configuration${dirty.length ? ` (deaths: ${dirty.join(', ')})` : ''}`,
    deaths(v2Names, MODES, 1),
    (x) => x.d === 0,
  );
  row(
    '<= 1 false dead per conn-h at 5 %: wifi-tolerant WS idle',
    deaths(['ws-wifi'], ['idle'], 5),
    (x) => x.d / x.h <= 1,
  );
  row(
    '<= 1 false dead per conn-h at 5 %: wifi-tolerant (WS + TCP, both modes)',
    deaths(['ws-wifi', 'tcp-wifi'], MODES, 5),
    (x) => x.d / x.h <= 1,
  );
  const cpu = (n: string) => r.cpu.find((c) => c.config === n)?.percentPerConnection;
  const [today, v2] = [cpu('v1-ws'), cpu('ws')];
  if (today !== undefined && v2 !== undefined)
    out.push([
      'CPU per idle WS connection no higher than today',
      `${v2.toFixed(4)} vs ${today.toFixed(4)} %`,
      yes(v2 <= today),
    ]);
  return out;
}
