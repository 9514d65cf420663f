import { describe, expect, it } from 'vitest';
import { PulseboardError, errorCatalog } from './errors.js';

describe('PulseboardError', () => {
  it('carries the catalog status and close code for its code', () => {
    const err = new PulseboardError('SERVER_FULL');
    expect(err.status).toBe(503);
    expect(err.wsClose).toBe(1013);
    expect(err.message).toBe(errorCatalog.SERVER_FULL.message);
  });

  it('serialises to a stable JSON shape with optional details', () => {
    expect(new PulseboardError('LINE_UNKNOWN', 'No line "x"', { line: 'x' }).toJSON()).toEqual({
      error: { code: 'LINE_UNKNOWN', message: 'No line "x"', details: { line: 'x' } },
    });
  });

  it('uses only HTTP error statuses and valid WebSocket close codes', () => {
    for (const entry of Object.values(errorCatalog)) {
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(
        entry.wsClose === 1008 ||
          entry.wsClose === 1009 ||
          entry.wsClose === 1011 ||
          entry.wsClose === 1013 ||
          entry.wsClose >= 4000,
      ).toBe(true);
    }
  });
});
