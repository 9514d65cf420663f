import { describe, expect, it } from 'vitest';
import { createMetrics, PROMETHEUS_CONTENT_TYPE, type ServerMetrics } from './metrics.js';

// What a server records over its life, in an order that touches every kind of call the server
// makes: labelled and unlabelled gauges (set, inc, dec, reset), counters, and histogram
// observations whose float sums depend on their order.
function record(m: ServerMetrics, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    m.connections.inc({ transport: i % 3 ? 'ws' : 'sse' });
    if (i % 4 === 3) m.connections.dec({ transport: 'ws' });
    m.users.set(i % 5);
    m.suspectTotal.inc({ cause: i % 2 ? 'silence' : 'rto' });
    m.suspectNow.set(i % 7);
    if (i % 3 === 0) m.deadTotal.inc({ cause: 'fin' });
    m.detectionLatency.observe({ cause: i % 2 ? 'fin' : 'heartbeat-timeout' }, 0.1 + i * 0.37);
    m.operations.inc({ result: i % 5 ? 'confirmed' : 'failed' });
    if (i % 6 === 5) m.linkRtt.reset();
    m.linkRtt.set({ stat: 'median' }, i / 1000);
    m.linkRtt.set({ stat: 'max' }, (i * 3) / 1000);
    m.linkLoss.set({ stat: 'max' }, 0.01 * i);
  }
}

describe('metrics recorded before prom-client is loaded', () => {
  it('render exactly as if prom-client had been loaded from the start', async () => {
    const early = createMetrics(false); // records everything, prom-client loads at the scrape
    const late = createMetrics(false); // prom-client loaded before anything is recorded
    const mixed = createMetrics(false); // half before, half after the first scrape
    await late.registry.metrics();
    expect(early.registry.loaded).toBe(false);
    record(early, 0, 40);
    record(late, 0, 40);
    record(mixed, 0, 17);
    expect(mixed.registry.loaded).toBe(false);
    await mixed.registry.metrics();
    record(mixed, 17, 40);
    const text = await late.registry.metrics();
    expect(text).toMatch(/^pulseboard_detection_latency_seconds_sum\{cause="fin"\} \d/m);
    expect(text).toMatch(/^pulseboard_connections\{transport="ws"\} 16$/m);
    expect(await early.registry.metrics()).toBe(text);
    expect(await mixed.registry.metrics()).toBe(text);
    expect(early.registry.loaded).toBe(true);
    expect(early.registry.contentType).toBe(PROMETHEUS_CONTENT_TYPE);
  });

  it('renders untouched metrics (and a reset gauge) as prom-client does', async () => {
    const early = createMetrics(false);
    const late = createMetrics(false);
    await late.registry.metrics();
    for (const m of [early, late]) {
      m.linkDeadline.set({ stat: 'max' }, 3);
      m.linkDeadline.reset();
      m.suspectNow.set(4);
      m.suspectNow.reset();
    }
    const text = await late.registry.metrics();
    expect(text).toMatch(/^pulseboard_suspect_connections 0$/m);
    expect(text).not.toMatch(/pulseboard_liveness_deadline_seconds\{/);
    expect(await early.registry.metrics()).toBe(text);
  });

  it('loads prom-client once too many observations wait, and loses none of them', async () => {
    const m = createMetrics(false, 50);
    for (let i = 0; i < 50; i++) m.detectionLatency.observe({ cause: 'fin' }, 0.2);
    expect(m.registry.loaded).toBe(false);
    m.detectionLatency.observe({ cause: 'fin' }, 0.2);
    expect(m.registry.loaded).toBe(true);
    expect(m.detectionLatency.pending).toBe(0);
    m.detectionLatency.observe({ cause: 'fin' }, 0.2);
    expect(await m.registry.metrics()).toMatch(
      /^pulseboard_detection_latency_seconds_count\{cause="fin"\} 52$/m,
    );
  });

  it('with default metrics, adds the process metrics at the first scrape', async () => {
    const m = createMetrics(true);
    m.operations.inc({ result: 'confirmed' });
    const text = await m.registry.metrics();
    expect(text).toMatch(/^pulseboard_process_process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^pulseboard_operations_total\{result="confirmed"\} 1$/m);
  });
});
