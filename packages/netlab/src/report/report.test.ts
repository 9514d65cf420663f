import { describe, expect, it } from 'vitest';
import type { LabClient, RunResult } from '../types.js';
import { renderReport } from './html.js';
import { clientRows, histogram, latencySamples } from './model.js';
import { percentile } from './stats.js';

const client = (state: LabClient['state']): LabClient => ({
  id: 'c1',
  kind: 'ws',
  user: 'alice',
  address: '10.1.0.11',
  ns: 'x',
  state,
  since: 0,
});

const run: RunResult = {
  runId: 'run1',
  scenario: 'demo',
  status: 'failed',
  startedAt: 1000,
  endedAt: 9000,
  expectations: [{ name: 'alice <offline> within 100 ms', ok: false, message: 'no detection within 100 ms' }],
  events: [
    { type: 'client', at: 1100, client: client('starting') },
    { type: 'client', at: 1500, client: client('connected') },
    {
      type: 'fault',
      at: 3000,
      fault: {
        id: 'f1',
        kind: 'blackhole',
        targets: ['c1'],
        params: {},
        fidelity: 'kernel',
        startedAt: 3000,
      },
    },
    {
      type: 'detected',
      at: 3900,
      clientId: 'c1',
      faultId: 'f1',
      user: 'alice',
      state: 'offline',
      cause: 'heartbeat-timeout',
      lastHeardAt: 2900,
      detectedAt: 3900,
      latencyMs: 900,
    },
    { type: 'client', at: 3900, client: client('offline') },
    {
      type: 'notified',
      at: 3910,
      observerId: 'c2',
      aboutClientId: 'c1',
      faultId: 'f1',
      user: 'alice',
      state: 'offline',
      latencyMs: 910,
    },
    {
      type: 'detected',
      at: 5000,
      clientId: 'c1',
      user: 'alice',
      state: 'offline',
      cause: 'x',
      lastHeardAt: 1,
      detectedAt: 2500,
      latencyMs: -1,
    },
    {
      type: 'fault',
      at: 6000,
      fault: {
        id: 'f1',
        kind: 'blackhole',
        targets: ['c1'],
        params: {},
        fidelity: 'kernel',
        startedAt: 3000,
        endedAt: 6000,
      },
    },
  ],
};

describe('report model', () => {
  it('builds state bands, the fault interval and markers per client', () => {
    const [row] = clientRows(run);
    expect(row!.bands.map((b) => [b.state, b.from, b.to])).toEqual([
      ['starting', 1100, 1500],
      ['connected', 1500, 3900],
      ['offline', 3900, 9000],
    ]);
    expect(row!.faults).toEqual([{ kind: 'blackhole', from: 3000, to: 6000, fidelity: 'kernel' }]);
    expect(row!.markers.map((m) => m.what)).toEqual(['offline', 'notified-offline', 'offline']);
  });

  it('groups latencies by fault kind and counts detections no fault explains as false alarms', () => {
    expect(latencySamples(run)).toEqual([
      { kind: 'blackhole', detection: [900], notified: [910], suspects: 0, falseAlarms: 0 },
      { kind: 'none', detection: [], notified: [], suspects: 0, falseAlarms: 1 },
    ]);
  });

  it('bins a histogram and reads percentiles', () => {
    const bins = histogram([0, 10, 20, 110], 4);
    expect(bins.map((b) => b.count)).toEqual([3, 0, 0, 1]);
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([], 50)).toBeUndefined();
  });
});

describe('HTML report', () => {
  it('is self-contained and escapes what scenarios write', () => {
    const html = renderReport(run);
    expect(html).toContain('<svg');
    expect(html).toContain('&#60;offline&#62;');
    expect(html).not.toMatch(/<script[^>]*src=|<link[^>]*href=|https?:\/\//);
    expect(html).toContain('server detection');
  });
});
