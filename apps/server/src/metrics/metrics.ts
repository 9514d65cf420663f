import { createRequire } from 'node:module';
import type { Registry } from 'prom-client';
import {
  RecordingCounter,
  RecordingGauge,
  RecordingHistogram,
  type MetricsLoader,
  type PromClient,
} from './recording.js';

// The server's Prometheus metrics. prom-client is loaded by the first /metrics, not at start
// (recording.ts says why and how the replay stays exact). Default process metrics
// (collectDefaultMetrics) start with that load too: their GC and event-loop-lag histograms
// count from the first scrape, not from the start of the process.

/** The text Registry.metrics() renders is served with this type (prom-client's own). */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';
/** Histogram observations kept before prom-client is loaded anyway (~8 bytes each). */
export const DEFAULT_MAX_PENDING = 20_000;

export interface MetricsRegistry {
  /** Loads prom-client on the first call, then renders the exposition text. */
  metrics(): Promise<string>;
  readonly contentType: string;
  /** Whether prom-client has been loaded (the first /metrics, or too many pending observations). */
  readonly loaded: boolean;
}

export interface ServerMetrics {
  registry: MetricsRegistry;
  connections: RecordingGauge;
  users: RecordingGauge;
  detectionLatency: RecordingHistogram;
  suspectTotal: RecordingCounter;
  deadTotal: RecordingCounter;
  suspectNow: RecordingGauge;
  operations: RecordingCounter;
  /** Learned link figures over open connections (median, max): RTT, loss, dead deadline. */
  linkRtt: RecordingGauge;
  linkLoss: RecordingGauge;
  linkDeadline: RecordingGauge;
}

const require = createRequire(import.meta.url);

/** One registry per server instance, so several servers in one test process do not collide. */
export function createMetrics(withDefaults = true, maxPending = DEFAULT_MAX_PENDING): ServerMetrics {
  let real: ReturnType<MetricsLoader['load']> | undefined;
  const histograms: RecordingHistogram[] = [];
  const loader: MetricsLoader = {
    get loaded() {
      return real !== undefined;
    },
    load() {
      if (real) return real;
      const client = require('prom-client') as PromClient;
      const registry = new client.Registry();
      if (withDefaults) client.collectDefaultMetrics({ register: registry, prefix: 'pulseboard_process_' });
      for (const m of all) m.attach(client, registry);
      real = { client, registry };
      return real;
    },
    recorded() {
      // A board that is never scraped must not grow without bound: past the limit, load.
      if (histograms.reduce((n, h) => n + h.pending, 0) > maxPending) loader.load();
    },
  };
  const all: { attach(client: PromClient, registry: Registry): void }[] = [];
  const remember = <M extends (typeof all)[number]>(m: M): M => (all.push(m), m);
  const counter = (name: string, help: string, labelNames?: string[]) =>
    remember(new RecordingCounter(loader, { name, help, ...(labelNames ? { labelNames } : {}) }));
  const gauge = (name: string, help: string, labelNames?: string[]) =>
    remember(new RecordingGauge(loader, { name, help, ...(labelNames ? { labelNames } : {}) }));
  // In the order prom-client registers and so renders them (as before the facade).
  const connections = gauge('pulseboard_connections', 'Open presence connections by transport', [
    'transport',
  ]);
  const users = gauge('pulseboard_users', 'Distinct users connected');
  const detectionLatency = remember(
    new RecordingHistogram(loader, {
      name: 'pulseboard_detection_latency_seconds',
      help: 'Time from last heard to detected dead, by cause',
      labelNames: ['cause'],
      buckets: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60],
    }),
  );
  histograms.push(detectionLatency);
  return {
    registry: {
      get loaded() {
        return loader.loaded;
      },
      get contentType() {
        return real?.registry.contentType ?? PROMETHEUS_CONTENT_TYPE;
      },
      metrics: () => loader.load().registry.metrics(),
    },
    connections,
    users,
    detectionLatency,
    suspectTotal: counter('pulseboard_suspect_total', 'Connections that became suspect', ['cause']),
    deadTotal: counter('pulseboard_dead_total', 'Connections detected dead', ['cause']),
    suspectNow: gauge('pulseboard_suspect_connections', 'Connections suspect now'),
    linkRtt: gauge(
      'pulseboard_link_rtt_seconds',
      'Learned round-trip time over open connections (stat: median, max)',
      ['stat'],
    ),
    linkLoss: gauge(
      'pulseboard_link_loss_ratio',
      'Learned packet loss over open connections (stat: median, max)',
      ['stat'],
    ),
    linkDeadline: gauge(
      'pulseboard_liveness_deadline_seconds',
      'Learned silence before dead over open connections (stat: median, max)',
      ['stat'],
    ),
    operations: counter('pulseboard_operations_total', 'Line operations by result', ['result']),
  };
}
