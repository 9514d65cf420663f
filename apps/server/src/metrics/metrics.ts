import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServerMetrics {
  registry: Registry;
  connections: Gauge<'transport'>;
  users: Gauge;
  detectionLatency: Histogram<'cause'>;
  suspectTotal: Counter<'cause'>;
  deadTotal: Counter<'cause'>;
  suspectNow: Gauge;
  operations: Counter<'result'>;
  /** Learned link figures over open connections (median, max): RTT, loss, dead deadline. */
  linkRtt: Gauge<'stat'>;
  linkLoss: Gauge<'stat'>;
  linkDeadline: Gauge<'stat'>;
}

/** One registry per server instance, so several servers in one test process do not collide. */
export function createMetrics(withDefaults = true): ServerMetrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'pulseboard_process_' });
  const registers = [registry];
  return {
    registry,
    connections: new Gauge({
      name: 'pulseboard_connections',
      help: 'Open presence connections by transport',
      labelNames: ['transport'],
      registers,
    }),
    users: new Gauge({ name: 'pulseboard_users', help: 'Distinct users connected', registers }),
    detectionLatency: new Histogram({
      name: 'pulseboard_detection_latency_seconds',
      help: 'Time from last heard to detected dead, by cause',
      labelNames: ['cause'],
      buckets: [0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60],
      registers,
    }),
    suspectTotal: new Counter({
      name: 'pulseboard_suspect_total',
      help: 'Connections that became suspect',
      labelNames: ['cause'],
      registers,
    }),
    deadTotal: new Counter({
      name: 'pulseboard_dead_total',
      help: 'Connections detected dead',
      labelNames: ['cause'],
      registers,
    }),
    suspectNow: new Gauge({
      name: 'pulseboard_suspect_connections',
      help: 'Connections suspect now',
      registers,
    }),
    linkRtt: new Gauge({
      name: 'pulseboard_link_rtt_seconds',
      help: 'Learned round-trip time over open connections (stat: median, max)',
      labelNames: ['stat'],
      registers,
    }),
    linkLoss: new Gauge({
      name: 'pulseboard_link_loss_ratio',
      help: 'Learned packet loss over open connections (stat: median, max)',
      labelNames: ['stat'],
      registers,
    }),
    linkDeadline: new Gauge({
      name: 'pulseboard_liveness_deadline_seconds',
      help: 'Learned silence before dead over open connections (stat: median, max)',
      labelNames: ['stat'],
      registers,
    }),
    operations: new Counter({
      name: 'pulseboard_operations_total',
      help: 'Line operations by result',
      labelNames: ['result'],
      registers,
    }),
  };
}
