import { describe, expect, it } from 'vitest';
import { presenceChanges } from './presence-parse.js';
import { SseParser } from './sse-parser.js';

describe('presenceChanges', () => {
  it("reads the server's presence event (full list per change)", () => {
    const event = {
      type: 'presence',
      at: 1,
      change: { type: 'connectionDead', user: 'alice' },
      presence: {
        users: [
          { name: 'alice', state: 'offline' },
          { name: 'bob', state: 'online' },
        ],
      },
    };
    expect(presenceChanges(event)).toEqual([
      { user: 'alice', state: 'offline' },
      { user: 'bob', state: 'online' },
    ]);
  });

  it('ignores other event types', () => {
    expect(presenceChanges({ type: 'state', line: { name: 'pump', value: 1 } })).toEqual([]);
    expect(presenceChanges(null)).toEqual([]);
  });
});

describe('SseParser', () => {
  it('joins chunks and splits frames on blank lines', () => {
    const got: [string, string][] = [];
    const p = new SseParser((t, d) => got.push([t, d]));
    p.push('event: presence\r\ndata: {"a"');
    p.push(':1}\r\n\r\n: comment\n\ndata: x\n\n');
    expect(got).toEqual([
      ['presence', '{"a":1}'],
      ['message', 'x'],
    ]);
  });
});
