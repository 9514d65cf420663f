// bench:lab, both engines side by side: the same N clients (the same mix of kinds) up on the
// namespace engine and on the Docker engine, then per fault kind `samplesPer` ws and as many sse
// clients faulted one at a time, the board's detection of each timed from the fault's start (the
// lab's own `detected` event, attributed by faultId; the start is when the fault took effect,
// stamped right after its command on both engines) and the fault healed; then one fault on all N.
//
// The Docker engine's detections should be within 100 ms of the namespace engine's per kind,
// either way: the engine changes how a fault is applied, never how the board notices. One
// sample varies with where in the server's beat the fault lands: the first unacknowledged
// segment leaves 0..1 interval after it (250 ms for SSE, 220-550 for WebSocket), and from then
// on detection takes the same time on both engines (captured on the lab's bridge: +1.60 s for a
// blackholed SSE stream, +275 ms for a WebSocket, +1 ms for a reset). That phase is uniform, so
// cells compare means (over a uniform spread they settle faster than medians: the gap's
// standard error is ~100/sqrt(n) ms) and show the half-width of the gap's 95 % interval.
// Clients are reused across kinds (healed and reconnected, then a settle) except for power-off,
// which takes clients never faulted (it kills them).
import type { Lab } from '@pulseboard/netlab/lab';
import { percentile } from '@pulseboard/netlab/report/stats';
import type { ClientKind, FaultKind, FaultParams, LabEvent } from '@pulseboard/netlab/types';

export const engineMix: [ClientKind, number][] = [
  ['ws', 0.4],
  ['sse', 0.3],
  ['http', 0.2],
  ['tcp', 0.1],
];

/** Counts per kind for n clients, at least one each, summing to n. */
export function mixCounts(n: number): [ClientKind, number][] {
  const counts = engineMix.map(
    ([k, share]) => [k, Math.max(1, Math.round(n * share))] as [ClientKind, number],
  );
  counts[0]![1] += n - counts.reduce((a, [, c]) => a + c, 0);
  return counts;
}

/** The kinds both engines apply, in the order run; power-off last (a client it hits is gone). */
export const detectionKinds: FaultKind[] = ['blackhole', 'cable-pull', 'rst', 'partition', 'power-off'];
/** Which client kinds are faulted, one client of each per fault kind. */
export const faultedKinds: ClientKind[] = ['ws', 'sse'];
/** Faults per cell (fault kind x client kind). */
export const samplesPer = 8;

export interface DetectionSample {
  kind: FaultKind;
  client: ClientKind;
  applyMs: number;
  /** The board's offline detection, from the fault's start; undefined: none within 10 s. */
  detectMs: number | undefined;
  cause: string | undefined;
  healMs: number;
}

export interface EngineResult {
  engine: string;
  n: number;
  connected: number;
  /** From the first client asked for until all N are connected. */
  clientsUpMs: number;
  samples: DetectionSample[];
  all?: { kind: FaultKind; applyMs: number; healMs: number; targets: number };
  error?: string;
}

/** After a client came back, before the next fault (see measureFaults). */
const SETTLE_MS = 1000;
const ms = (t0: number) => Math.round(performance.now() - t0);
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

export async function waitConnected(lab: Lab, ids: string[], timeoutMs: number): Promise<number> {
  const connected = () => ids.filter((id) => lab.client(id)?.state === 'connected').length;
  const deadline = Date.now() + timeoutMs;
  while (connected() < ids.length && Date.now() < deadline) await sleep(50);
  return connected();
}

function paramsFor(kind: FaultKind, id: string): { targets: string[]; params: FaultParams } {
  if (kind === 'partition') return { targets: [], params: { map: { [id]: ['board'], board: [id] } } };
  return { targets: [id], params: {} };
}

/** One fault on one client: apply, wait for the board's offline detection of it, heal. */
async function faultOne(lab: Lab, kind: FaultKind, client: ClientKind, id: string): Promise<DetectionSample> {
  let detected: Extract<LabEvent, { type: 'detected' }> | undefined;
  let faultId = '';
  const seen: Extract<LabEvent, { type: 'detected' }>[] = [];
  const onEvent = (e: LabEvent) => {
    if (e.type === 'detected' && e.clientId === id && e.state === 'offline') seen.push(e);
  };
  lab.on('event', onEvent);
  try {
    const { targets, params } = paramsFor(kind, id);
    const t0 = performance.now();
    const f = await lab.fault(kind, targets, params);
    const applyMs = ms(t0);
    faultId = f.id;
    const deadline = Date.now() + 10_000;
    while (!(detected = seen.find((e) => e.faultId === faultId)) && Date.now() < deadline) await sleep(20);
    const t1 = performance.now();
    await lab.heal(f.id);
    return { kind, client, applyMs, detectMs: detected?.latencyMs, cause: detected?.cause, healMs: ms(t1) };
  } finally {
    lab.off('event', onEvent);
  }
}

/**
 * Takes the last `count` clients of each kind out of `byKind` for power-off (which kills them),
 * all but one when there are fewer, so every kind keeps a client for the other faults.
 */
export function holdBackForPowerOff(
  byKind: Map<ClientKind, string[]>,
  count: number,
): Map<ClientKind, string[]> {
  const held = new Map<ClientKind, string[]>();
  for (const [kind, list] of byKind)
    held.set(kind, list.splice(list.length - Math.min(count, list.length - 1)));
  return held;
}

/**
 * The measurements on a lab whose N clients are up: per cell `samplesPer` faults, each on a
 * connected client of that kind, the least used first; power-off on clients never faulted
 * (held back for it). Then a blackhole on all of them.
 */
export async function measureFaults(lab: Lab, ids: string[], out: EngineResult): Promise<void> {
  const byKind = new Map<ClientKind, string[]>();
  for (const id of ids) {
    const c = lab.client(id);
    if (c) byKind.set(c.kind, [...(byKind.get(c.kind) ?? []), id]);
  }
  const reserved = holdBackForPowerOff(byKind, samplesPer);
  const uses = new Map<string, number>();
  const pick = (kind: FaultKind, client: ClientKind): string | undefined => {
    if (kind === 'power-off') return reserved.get(client)?.shift();
    const ready = (byKind.get(client) ?? []).filter((id) => lab.client(id)?.state === 'connected');
    return ready.sort((a, b) => (uses.get(a) ?? 0) - (uses.get(b) ?? 0))[0];
  };
  for (const kind of detectionKinds) {
    for (const client of faultedKinds) {
      for (let i = 0; i < samplesPer; i++) {
        const id = pick(kind, client);
        if (!id) continue;
        uses.set(id, (uses.get(id) ?? 0) + 1);
        out.samples.push(await faultOne(lab, kind, client, id));
        // The board's view settles (the healed client reconnects) before the next fault, and a
        // second more: the reconnection's presence event goes to every stream just then, and a
        // fault right after it would land at a fixed phase of their heartbeats that differs by
        // engine (an apply takes ~20 ms on namespaces, ~300 ms through Docker's helper).
        await waitConnected(lab, [id], kind === 'power-off' ? 0 : 15_000);
        await sleep(SETTLE_MS);
      }
    }
  }
  const alive = ids.filter((id) => lab.client(id)?.state === 'connected');
  const t0 = performance.now();
  const f = await lab.fault('blackhole', alive);
  const applyMs = ms(t0);
  const t1 = performance.now();
  await lab.heal(f.id);
  out.all = { kind: 'blackhole', applyMs, healMs: ms(t1), targets: alive.length };
}

const fmt = (v: number | undefined) => (v === undefined ? '-' : `${Math.round(v)} ms`);

/** The median of one cell's detections and how many of its faults were detected at all. */
export function cell(r: EngineResult | undefined, kind: FaultKind, client: ClientKind) {
  const samples = r?.samples.filter((x) => x.kind === kind && x.client === client) ?? [];
  const detected = samples.flatMap((x) => (x.detectMs === undefined ? [] : [x.detectMs]));
  const causes = [...new Set(samples.flatMap((x) => (x.cause ? [x.cause] : [])))];
  const mean = detected.length ? detected.reduce((a, b) => a + b, 0) / detected.length : undefined;
  // The sample variance (n - 1), for the gap's interval.
  const variance =
    mean !== undefined && detected.length > 1
      ? detected.reduce((a, v) => a + (v - mean) ** 2, 0) / (detected.length - 1)
      : undefined;
  return {
    n: samples.length,
    detected: detected.length,
    mean,
    variance,
    median: percentile(detected, 50),
    causes: causes.join(','),
    apply: percentile(
      samples.map((x) => x.applyMs),
      50,
    ),
    heal: percentile(
      samples.map((x) => x.healMs),
      50,
    ),
  };
}

type Cell = ReturnType<typeof cell>;

/** Docker's mean minus the namespace engine's, and the half-width of its 95 % interval. */
export function meanGap(ns: Cell, dk: Cell): { gapMs: number; within95Ms: number | undefined } | undefined {
  if (ns.mean === undefined || dk.mean === undefined) return undefined;
  const se2 =
    ns.variance !== undefined && dk.variance !== undefined
      ? ns.variance / ns.detected + dk.variance / dk.detected
      : undefined;
  return { gapMs: dk.mean - ns.mean, within95Ms: se2 === undefined ? undefined : 1.96 * Math.sqrt(se2) };
}

const verdict = (gapMs: number) => (Math.abs(gapMs) <= 100 ? 'OK' : gapMs > 0 ? 'SLOWER' : 'FASTER');

/** Side-by-side rows: per fault kind and client kind, both engines' mean detection and the gap. */
export function comparisonRows(ns: EngineResult, dk: EngineResult | undefined): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const said = (c: Cell) =>
    c.n === 0 ? '-' : `${fmt(c.mean)} (median ${fmt(c.median)}, ${c.detected}/${c.n}) ${c.causes}`;
  for (const kind of detectionKinds) {
    for (const client of faultedKinds) {
      const a = cell(ns, kind, client);
      const b = cell(dk, kind, client);
      if (a.n === 0 && b.n === 0) continue;
      const g = meanGap(a, b);
      rows.push([
        `${kind} (${client})`,
        said(a),
        said(b),
        g === undefined
          ? '-'
          : `${g.gapMs > 0 ? '+' : ''}${Math.round(g.gapMs)} ms` +
            `${g.within95Ms === undefined ? '' : ` ±${Math.round(g.within95Ms)}`} ${verdict(g.gapMs)}`,
        a.n ? `${fmt(a.apply)} / ${fmt(a.heal)}` : '-',
        b.n ? `${fmt(b.apply)} / ${fmt(b.heal)}` : '-',
      ]);
    }
  }
  return rows;
}
