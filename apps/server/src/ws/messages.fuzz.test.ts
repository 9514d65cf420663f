import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzParams, mutated, nastyString } from '@pulseboard/core/testing/fuzz';
import { parseClientMessage } from './messages.js';

// Fuzz (issue 12): any text a client sends on /ws parses to a message or a reason, never throws.
const examples = [
  '{"type":"operate","id":"1","line":"pump","value":1}',
  '{"type":"lock.take","lines":["pump"]}',
  '{"type":"lock.release","lockId":"x"}',
  '{"type":"chat","text":"hi"}',
  '{"type":"ping","t":5}',
];

describe('WS message fuzz', () => {
  it('parseClientMessage never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nastyString(200),
          mutated(examples, 20),
          fc.json({ maxDepth: 4 }),
          fc
            .record(
              {
                type: fc.constantFrom('operate', 'lock.take', 'chat', 'ping', '__proto__'),
                line: fc.anything(),
                value: fc.anything(),
                text: fc.anything(),
                lines: fc.anything(),
              },
              { requiredKeys: ['type'] },
            )
            .map((o) => {
              try {
                return JSON.stringify(o);
              } catch {
                return '{}';
              }
            }),
        ),
        (raw) => {
          const r = parseClientMessage(raw);
          if (!r.ok) expect(typeof r.reason).toBe('string');
        },
      ),
      fuzzParams(500),
    );
  });
});
