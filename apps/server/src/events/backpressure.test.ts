import { describe, expect, it } from 'vitest';
import { withBackpressure } from './backpressure.js';
import type { ServerEvent } from './types.js';

/** The transport never looks inside an event: only its type is kept to tell them apart. */
const ev = (type: ServerEvent['type']) => ({ type, at: 0 }) as ServerEvent;

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
        resync: () => ev('hello'),
      },
    );
    sink.send(ev('state'));
    buffered = 500; // the client stopped reading
    for (let i = 0; i < 1000; i++) sink.send(ev('presence'));
    expect(got).toEqual(['state']);
    expect(sink.skipped()).toBe(1000);
    buffered = 0;
    drained!();
    sink.send(ev('chat'));
    expect(got).toEqual(['state', 'hello', 'chat']);
  });
});
