import { describe, expect, it } from 'vitest';
import { lossState, ObserverLog } from './observers.js';

describe('ObserverLog', () => {
  it('treats the first report as a baseline and counts each change once', () => {
    const log = new ObserverLog();
    expect(log.changed('o1', 'bob', 'offline')).toBe(false); // never connected: not news
    expect(log.changed('o1', 'bob', 'online')).toBe(true);
    expect(log.changed('o1', 'bob', 'suspect')).toBe(true);
    expect(log.changed('o1', 'bob', 'suspect')).toBe(false);
    expect(log.changed('o2', 'bob', 'suspect')).toBe(false); // o2's own baseline
  });

  it('maps server words to lab states', () => {
    expect(lossState('dead')).toBe('offline');
    expect(lossState('offline')).toBe('offline');
    expect(lossState('suspect')).toBe('suspect');
    expect(lossState('online')).toBeUndefined();
  });
});
