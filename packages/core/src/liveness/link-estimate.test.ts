import { describe, expect, it } from 'vitest';
import { LinkEstimate, chancesFor } from './link-estimate.js';

describe('LinkEstimate', () => {
  it("smooths RTT like TCP's estimator", () => {
    const e = new LinkEstimate({ roundTripLoss: 0.1, weight: 100 });
    e.rttSample(10);
    expect(e.srttMs).toBe(10);
    expect(e.rttVarMs).toBe(5);
    e.rttSample(18);
    expect(e.srttMs).toBe(11);
    expect(e.rttVarMs).toBe(5.75);
  });

  it('starts at the prior and learns the loss from beats', () => {
    const e = new LinkEstimate({ roundTripLoss: 0.1, weight: 100 });
    expect(e.roundTripLoss()).toBeCloseTo(0.1);
    for (let i = 0; i < 900; i++) e.exchange(i % 100 === 0); // 1 % of beats needed a probe
    expect(e.roundTripLoss()).toBeCloseTo((9 + 10) / 1000);
    expect(e.packetLoss()).toBeCloseTo(e.roundTripLoss() / 2);
  });

  it("takes TCP's retransmission ratio when it says more", () => {
    const e = new LinkEstimate({ roundTripLoss: 0.01, weight: 100 });
    e.tcpRetransRatio(0.05);
    expect(e.roundTripLoss()).toBeCloseTo(0.1);
  });
});

describe('chancesFor', () => {
  const base = { beatsPerHour: 18_000, falseDeadPerHour: 0.01, min: 2, max: 10 };
  it('needs more probes the lossier the link', () => {
    expect(chancesFor({ ...base, roundTripLoss: 0.001 })).toBe(2); // q^3 * 18000 = 1.8e-5
    expect(chancesFor({ ...base, roundTripLoss: 0.02 })).toBe(3); // 0.02^4 * 18000 = 0.003
    expect(chancesFor({ ...base, roundTripLoss: 0.1 })).toBe(6); // 0.1^7 * 18000 = 0.0018
  });
  it('never exceeds what the budget leaves room for', () => {
    expect(chancesFor({ ...base, roundTripLoss: 0.5, max: 4 })).toBe(4);
  });
});
