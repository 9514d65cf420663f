import { describe, expect, it } from 'vitest';
import type { LabEvent, RunResult } from '../types.js';
import { renderReport } from './html.js';

const events: LabEvent[] = [
  {
    type: 'client',
    at: 1000,
    client: {
      id: 'c1',
      kind: 'ws',
      user: 'alice',
      address: '10.1.0.11',
      ns: 'x',
      state: 'connected',
      since: 1000,
    },
  },
  {
    type: 'fault',
    at: 60_000,
    fault: {
      id: 'f1',
      kind: 'cable-pull',
      targets: ['c1'],
      params: {},
      fidelity: 'kernel',
      startedAt: 60_000,
    },
  },
  {
    type: 'detected',
    at: 60_710,
    clientId: 'c1',
    user: 'alice',
    state: 'offline',
    cause: 'heartbeat-timeout',
    lastHeardAt: 59_990,
    detectedAt: 60_710,
    latencyMs: 710,
  },
  {
    type: 'failsafe',
    at: 60_930,
    line: 'pump',
    user: 'alice',
    value: 0,
    result: 'confirmed',
    lastHeardAt: 59_990,
    detectedAt: 60_710,
  },
];
const run: RunResult = {
  runId: 'r',
  scenario: 'demo-cable',
  status: 'passed',
  startedAt: 0,
  endedAt: 70_000,
  expectations: [],
  events,
};

describe('HTML report: the fault story heads it', () => {
  it('tells each fault on a T+ axis before the expectations, with the shared legend', () => {
    const html = renderReport(run);
    const story = html.indexOf('<h2>What happened</h2>');
    expect(story).toBeGreaterThan(0);
    expect(story).toBeLessThan(html.indexOf('<h2>Expectations</h2>'));
    expect(html).toContain('dead at T+0.71 s · outputs safe at T+0.93 s');
    expect(html).toContain('T+0.71 s  alice is dead (heartbeat-timeout)');
    expect(html).toContain('T+0.93 s  pump back to safe (0)');
    expect(html).toContain('>T−1 s<');
    expect(html).toContain('>T+3 s<');
    expect(html).toContain('aria-label="Legend"');
    expect(html).toContain('output back to safe');
  });

  it('ends the run timeline axis inside the picture (last tick anchored at its end)', () => {
    expect(renderReport(run)).toContain('text-anchor="end" class="axis">70.0 s<');
  });
});
