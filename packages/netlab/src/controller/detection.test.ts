import { describe, expect, it } from 'vitest';
import { parseDetection } from './detection.js';

const base = {
  level: 30,
  event: 'detection',
  cause: 'heartbeat-timeout',
  connectionId: 'c9',
  user: 'alice',
  remote: '::ffff:10.150.0.11',
  transport: 'ws',
  lastHeardAt: 1000,
  suspectAt: 1500,
  detectedAt: 2000,
  msg: 'connection dead',
};

describe('parseDetection', () => {
  it("reads the server's dead record as offline with cause, IP and timestamps", () => {
    expect(parseDetection(JSON.stringify({ ...base, state: 'dead' }))).toEqual({
      user: 'alice',
      transport: 'ws',
      connectionId: 'c9',
      remoteIp: '10.150.0.11',
      state: 'offline',
      cause: 'heartbeat-timeout',
      lastHeardAt: 1000,
      detectedAt: 2000,
    });
  });

  it('keeps the transport only when it is one the server has', () => {
    expect(parseDetection(JSON.stringify({ ...base, state: 'dead', transport: 'http' }))?.transport).toBe(
      'http',
    );
    expect(
      parseDetection(JSON.stringify({ ...base, state: 'dead', transport: 'carrier-pigeon' })),
    ).not.toHaveProperty('transport');
    expect(
      parseDetection(JSON.stringify({ ...base, state: 'dead', transport: undefined })),
    ).not.toHaveProperty('transport');
  });

  it('reads suspect records at suspectAt', () => {
    const d = parseDetection(
      JSON.stringify({ ...base, state: 'suspect', cause: 'silence', detectedAt: 1500 }),
    );
    expect(d?.state).toBe('suspect');
    expect(d?.detectedAt).toBe(1500);
  });

  it('reads a recovery as alive', () => {
    const d = parseDetection(
      JSON.stringify({ ...base, state: 'alive', cause: 'heard', msg: 'connection alive' }),
    );
    expect(d?.state).toBe('alive');
  });

  it('ignores log lines that only quote a detection (the failsafe record)', () => {
    // The server logs this right after the dead record of the same connection; reading it as a
    // detection counted one death twice, ~100 ms apart with the same detectedAt.
    const failsafe = {
      level: 30,
      component: 'control',
      line: 'pump',
      user: 'alice',
      lastHeardAt: 1000,
      detectedAt: 2000,
      safeAt: 2100,
      cause: 'heartbeat-timeout',
      msg: 'failsafe',
    };
    expect(parseDetection(JSON.stringify(failsafe))).toBeUndefined();
  });

  it('ignores other events and non-JSON', () => {
    expect(parseDetection(JSON.stringify({ ...base, event: 'login', state: 'dead' }))).toBeUndefined();
    expect(parseDetection('detectedAt but not json')).toBeUndefined();
    expect(parseDetection('{"msg":"hello"}')).toBeUndefined();
  });
});
