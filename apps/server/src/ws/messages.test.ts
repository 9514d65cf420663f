import { describe, expect, it } from 'vitest';
import { parseClientMessage } from './messages.js';

describe('parseClientMessage', () => {
  it('accepts the documented commands', () => {
    expect(parseClientMessage('{"type":"operate","id":"1","line":"pump","value":1}')).toEqual({
      ok: true,
      message: { type: 'operate', id: '1', line: 'pump', value: 1 },
    });
    expect(parseClientMessage('{"type":"lock.take"}').ok).toBe(true);
    expect(parseClientMessage('{"type":"chat","text":"hi"}').ok).toBe(true);
    expect(parseClientMessage('{"type":"ping","t":5}').ok).toBe(true);
  });

  it.each([
    ['not json', 'not JSON'],
    ['{"type":"operate","line":"pump","value":2}', 'value'],
    ['{"type":"operate","line":"pump","value":1,"extra":true}', 'extra'],
    ['{"type":"reboot"}', 'type'],
    ['[]', 'message'],
  ])('refuses %s', (raw, mention) => {
    const r = parseClientMessage(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toContain(mention);
  });
});
