import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createChat, type ChatOptions } from './chat.js';
import { openChatStore, type ChatMessage } from './chat-store.js';

function make(options: Partial<ChatOptions> = {}, keep = 200) {
  let t = 1_700_000_000_000;
  const chat = createChat({ store: openChatStore(':memory:', { keep }), now: () => t, ...options });
  return { chat, advance: (ms: number) => (t += ms) };
}

describe('chat', () => {
  it('stores and emits the text exactly as posted (no HTML interpretation or escaping)', async () => {
    const { chat } = make();
    const seen: ChatMessage[] = [];
    chat.on('message', (m) => seen.push(m));
    const text = '<img src=x onerror=alert(1)> & "quotes"\nsecond line 👋';
    const m = await chat.post('alice', text);
    expect(m).toEqual({ id: 1, user: 'alice', text, at: 1_700_000_000_000 });
    expect(seen).toEqual([m]);
    expect(chat.history()).toEqual([m]);
  });

  it('strips bidi controls and zero-width characters, keeping emoji joiners (issue 12 row 12)', async () => {
    const { chat } = make();
    // "admin" spelled with a zero-width space, and a file name reversed by an RLO override.
    const m = await chat.post(
      'alice',
      'ad\u200Bmin says: open invoice\u202Efdp.exe\u202C \u2066x\u2069\uFEFF',
    );
    expect(m.text).toBe('admin says: open invoicefdp.exe x');
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    expect((await chat.post('alice', `hi ${family} a\u200Db`)).text).toBe(`hi ${family} ab`);
    await expect(chat.post('alice', '\u200B\u200F \u2060')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('a throwing listener neither fails the post nor keeps other listeners from the message', async () => {
    const errors: unknown[] = [];
    const { chat } = make({ onListenerError: (err) => errors.push(err) });
    const seen: number[] = [];
    chat.on('message', () => {
      throw new Error('socket gone');
    });
    chat.on('message', (m) => seen.push(m.id));
    expect((await chat.post('a', 'hi')).id).toBe(1);
    expect(seen).toEqual([1]);
    expect(errors).toHaveLength(1);
  });

  it('limits length in characters (code points), configurable', async () => {
    const { chat } = make({ maxLength: 5 });
    expect((await chat.post('a', '👋👋👋👋👋')).text).toBe('👋👋👋👋👋'); // 10 UTF-16 units, 5 characters
    await expect(chat.post('a', '123456')).rejects.toThrow(
      expect.objectContaining({
        code: 'PAYLOAD_TOO_LARGE',
        message: 'Chat message is longer than 5 characters',
      }),
    );
    const { chat: dflt } = make();
    await expect(dflt.post('a', 'x'.repeat(500))).resolves.toBeDefined();
    await expect(dflt.post('a', 'x'.repeat(501))).rejects.toThrow(
      expect.objectContaining({ code: 'PAYLOAD_TOO_LARGE' }),
    );
  });

  it.each([
    ['tab', 'a\tb', 'Chat message contains control characters'],
    ['CR', 'a\r\nb', 'Chat message contains control characters'],
    ['NUL', 'a\u0000b', 'Chat message contains control characters'],
    ['ESC', '\u001b[31mred', 'Chat message contains control characters'],
    ['DEL', 'a\u007f', 'Chat message contains control characters'],
    ['C1', 'a\u0085', 'Chat message contains control characters'],
    ['empty', '', 'Chat message is empty'],
    ['blank', ' \n ', 'Chat message is empty'],
    ['lone surrogate', 'a\uD800b', 'Chat message is not valid Unicode'],
    ['non-string', 42, 'Chat text must be a string'],
  ])('rejects %s with BAD_REQUEST', async (_label, text, message) => {
    const { chat } = make();
    await expect(chat.post('a', text)).rejects.toThrow(
      expect.objectContaining({ code: 'BAD_REQUEST', message }),
    );
    expect(chat.history()).toEqual([]);
  });

  it('rate-limits per user with a sliding window, and recovers', async () => {
    const { chat, advance } = make({ rateLimit: { messages: 2, perMs: 10_000 } });
    await chat.post('a', '1');
    advance(1000);
    await chat.post('a', '2');
    await expect(chat.post('a', '3')).rejects.toThrow(
      expect.objectContaining({
        code: 'RATE_LIMITED',
        message: 'Too many chat messages; wait 9 s',
        details: { retryAfterMs: 9000 },
      }),
    );
    expect((await chat.post('b', 'other user is not affected')).user).toBe('b');
    advance(9000);
    expect((await chat.post('a', '3')).text).toBe('3');
    await expect(chat.post('a', '4')).rejects.toThrow(expect.objectContaining({ code: 'RATE_LIMITED' }));
  });

  it('invalid messages do not use up the rate limit', async () => {
    const { chat } = make({ rateLimit: { messages: 1, perMs: 10_000 } });
    await expect(chat.post('a', '')).rejects.toThrow();
    expect((await chat.post('a', 'ok')).text).toBe('ok');
  });

  it('keeps a bounded history, newest last', async () => {
    const { chat } = make({ rateLimit: { messages: 100, perMs: 1 } }, 3);
    for (let i = 1; i <= 5; i++) await chat.post('a', `m${i}`);
    expect(chat.history().map((m) => m.text)).toEqual(['m3', 'm4', 'm5']);
    expect(chat.history(2).map((m) => m.text)).toEqual(['m4', 'm5']);
    expect(chat.history(1000)).toHaveLength(3);
    expect(() => chat.history(0)).toThrow(new TypeError('limit must be a positive integer'));
  });

  it('validates options with exact messages', async () => {
    const store = openChatStore(':memory:');
    expect(() => createChat({} as ChatOptions)).toThrow(new TypeError('options.store must be a chat store'));
    expect(() => createChat({ store, maxLength: 0 })).toThrow(
      new TypeError('options.maxLength must be a positive integer'),
    );
    expect(() => createChat({ store, rateLimit: { messages: 1, perMs: 0.5 } })).toThrow(
      new TypeError('options.rateLimit.perMs must be a positive integer'),
    );
    expect(() => createChat({ store, rateLimit: { messages: -1, perMs: 5 } })).toThrow(
      new TypeError('options.rateLimit.messages must be a positive integer'),
    );
    const { chat } = make();
    await expect(chat.post('', 'x')).rejects.toThrow(new TypeError('user must be a non-empty string'));
  });

  it('a message that cannot be stored fails with STORE_ERROR and is never emitted', async () => {
    const store = openChatStore(join(mkdtempSync(join(tmpdir(), 'pb-chat-err-')), 'chat.db'));
    const chat = createChat({ store });
    const seen: ChatMessage[] = [];
    chat.on('message', (m) => seen.push(m));
    expect((await chat.post('a', 'stored')).id).toBe(1); // through the writer thread
    await store.close();
    await expect(chat.post('a', 'lost')).rejects.toMatchObject({
      code: 'STORE_ERROR',
      message: 'chat: store is closed',
    });
    expect(seen.map((m) => m.text)).toEqual(['stored']);
  });
});
