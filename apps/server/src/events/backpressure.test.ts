import { describe, expect, it } from 'vitest';
import { withBackpressure } from './backpressure.js';
import type { ServerEvent } from './types.js';

describe('withBackpressure (issue 12 row 1: slow consumers)', () => {
  it('skips a consumer holding more than the limit, then resyncs it once when drained', () => {
    const got: string[] = [];
    let buffered = 0;
    let drained: (() => void) | undefined;
    const sink = withBackpressure(
      { id: 'ws-1', send: (e: ServerEvent) => got.push(e.type) },
      {
        limit: 100,
        buffered: () => buffered,
        onceDrained: (fn) => (drained = fn),
        resync: () => ({ type: 'hello', at: 0 }),
      },
    );
    sink.send({ type: 'state', at: 0 });
    buffered = 500; // the client stopped reading
    for (let i = 0; i < 1000; i++) sink.send({ type: 'presence', at: 0 });
    expect(got).toEqual(['state']);
    expect(sink.skipped()).toBe(1000);
    buffered = 0;
    drained!();
    sink.send({ type: 'chat', at: 0 });
    expect(got).toEqual(['state', 'hello', 'chat']);
  });
});
