// bench:lab, both engines side by side: the same N clients (the same mix of kinds) up on the
// namespace engine and on the Docker engine, then per fault kind `samplesPer` ws and as many sse
// clients faulted one at a time (each a fresh one), the board's detection of each timed from
// the fault's start (the lab's own `detected` event, attributed by faultId; the start is when
// the fault took effect, stamped right after its command on both engines) and the fault
// healed; then one fault on all N. Medians are compared: one sample of a TCP timeout varies by
// a few hundred ms with where in the probe cycle the fault lands.
// The Docker engine's detections should be within 100 ms of the namespace engine's per kind
// (OK: at most 100 ms slower; faster is fine): the engine changes how a fault is applied, never
// how the board notices.
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
/** Clients of each faulted kind per fault kind (5 kinds x 2 x 3 = 30 of the 50 clients). */
export const samplesPer = 3;

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
 * The measurements on a lab whose N clients are up: per kind one fresh client of each faulted
 * kind (never one faulted before), then a blackhole on all of them.
 */
export async function measureFaults(lab: Lab, ids: string[], out: EngineResult): Promise<void> {
  const unused = new Map<ClientKind, string[]>();
  for (const id of ids) {
    const c = lab.client(id);
    if (c) unused.set(c.kind, [...(unused.get(c.kind) ?? []), id]);
  }
  for (const kind of detectionKinds) {
    for (const client of faultedKinds) {
      for (let i = 0; i < samplesPer; i++) {
        const id = unused.get(client)?.shift();
        if (!id) continue;
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
  return {
    n: samples.length,
    detected: detected.length,
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

/** Side-by-side rows: per fault kind and client kind, both engines' median detection and the gap. */
export function comparisonRows(ns: EngineResult, dk: EngineResult | undefined): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const said = (c: ReturnType<typeof cell>) =>
    c.n === 0 ? '-' : `${fmt(c.median)} (${c.detected}/${c.n}) ${c.causes}`;
  for (const kind of detectionKinds) {
    for (const client of faultedKinds) {
      const a = cell(ns, kind, client);
      const b = cell(dk, kind, client);
      if (a.n === 0 && b.n === 0) continue;
      const gap =
        a.median !== undefined && b.median !== undefined ? Math.round(b.median - a.median) : undefined;
      rows.push([
        `${kind} (${client})`,
        said(a),
        said(b),
        gap === undefined ? '-' : `${gap > 0 ? '+' : ''}${gap} ms ${gap <= 100 ? 'OK' : 'SLOWER'}`,
        a.n ? `${fmt(a.apply)} / ${fmt(a.heal)}` : '-',
        b.n ? `${fmt(b.apply)} / ${fmt(b.heal)}` : '-',
      ]);
    }
  }
  return rows;
}
