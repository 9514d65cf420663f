import { describe, expect, it } from 'vitest';
import { classifySocketError } from './classify.js';

const err = (code: string) => Object.assign(new Error(code), { code }) as NodeJS.ErrnoException;
const idle = { unackedAtLastSample: false, wroteSinceAllAcked: false };

describe('classifySocketError', () => {
  it('ECONNRESET is rst', () => {
    expect(classifySocketError(err('ECONNRESET'), idle)).toEqual({ cause: 'rst', detail: 'ECONNRESET' });
  });
  it('ETIMEDOUT with nothing in flight is keepalive-timeout', () => {
    expect(classifySocketError(err('ETIMEDOUT'), idle).cause).toBe('keepalive-timeout');
  });
  it('ETIMEDOUT with unacked data or writes since the last all-acked sample is user-timeout', () => {
    expect(classifySocketError(err('ETIMEDOUT'), { ...idle, unackedAtLastSample: true }).cause).toBe(
      'user-timeout',
    );
    expect(classifySocketError(err('ETIMEDOUT'), { ...idle, wroteSinceAllAcked: true }).cause).toBe(
      'user-timeout',
    );
  });
  it('an ICMP soft error reported at timeout is still a timeout', () => {
    expect(classifySocketError(err('EHOSTUNREACH'), idle)).toEqual({
      cause: 'keepalive-timeout',
      detail: 'EHOSTUNREACH',
    });
  });
  it('EPIPE and anything else is write-error', () => {
    expect(classifySocketError(err('EPIPE'), idle)).toEqual({ cause: 'write-error', detail: 'EPIPE' });
    expect(classifySocketError(new Error('x'), idle)).toEqual({ cause: 'write-error', detail: 'UNKNOWN' });
  });
});
