// The chat room: plain-text messages { id, user, text, at }, length and per-user rate limits,
// durable bounded history (chat-store.ts). Text is stored and emitted as posted, less bidi
// controls and zero-width characters; the panel renders it as text nodes, so nothing here
// escapes or interprets it.
import { PulseboardError } from '../errors.js';
import { createListeners, type ListenerErrorHandler } from '../presence/listeners.js';
import type { ChatMessage, ChatStore } from './chat-store.js';

export interface ChatOptions {
  store: ChatStore;
  /** Longest message in characters (Unicode code points). Default 500. */
  maxLength?: number;
  /** Per user: at most `messages` within `perMs`. Default 5 per 10 s. */
  rateLimit?: { messages: number; perMs: number };
  now?: () => number;
  /** Called when a 'message' listener throws (the message is stored either way); default: rethrow later. */
  onListenerError?: ListenerErrorHandler;
}

export interface Chat {
  /**
   * Validates, rate-limits, stores durably, then emits 'message' and resolves with the message.
   * Rejects with PulseboardError (STORE_ERROR when the message could not be stored).
   */
  post(user: string, text: unknown): Promise<ChatMessage>;
  /** The newest `limit` messages (default and maximum: the store's `keep`), oldest first. */
  history(limit?: number): ChatMessage[];
  on(event: 'message', listener: (message: ChatMessage) => void): void;
  off(event: 'message', listener: (message: ChatMessage) => void): void;
}

// C0 and C1 controls and DEL, except newline. Tabs and CR are refused too: the panel shows
// text nodes with pre-wrap, and a message is one human line or a few, nothing more.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/;

// Invisible characters that let a message pretend to be something else: bidi embeddings,
// overrides, isolates and marks (text shown in another order than it is stored), and
// zero-width characters (a name that looks like another). A zero-width joiner between two
// emoji stays: it is how a family or a flag sequence is written.
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/gu;
const ZERO_WIDTH = /[\u200B\u200C\u2060-\u2064\uFEFF\u180E]/gu;
const LONE_ZWJ = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200D|\u200D(?!\p{Extended_Pictographic})/gu;

/** The text without bidi controls and zero-width characters (issue 12: chat spoofing). */
export function stripInvisible(text: string): string {
  return text.replace(BIDI, '').replace(ZERO_WIDTH, '').replace(LONE_ZWJ, '');
}

// Half of a UTF-16 pair on its own: not text, and SQLite would store U+FFFD instead.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function positiveInt(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new TypeError(`${name} must be a positive integer`);
  }
  return value as number;
}

export function createChat(options: ChatOptions): Chat {
  if (!options || typeof options.store?.append !== 'function') {
    throw new TypeError('options.store must be a chat store');
  }
  const o = { maxLength: 500, rateLimit: { messages: 5, perMs: 10_000 }, now: () => Date.now(), ...options };
  positiveInt(o.maxLength, 'options.maxLength');
  positiveInt(o.rateLimit?.messages, 'options.rateLimit.messages');
  positiveInt(o.rateLimit?.perMs, 'options.rateLimit.perMs');
  const { store, maxLength, now } = o;
  const { messages: burst, perMs } = o.rateLimit;
  const listeners = createListeners<ChatMessage>(o.onListenerError);
  const recentPosts = new Map<string, number[]>(); // user -> times of their last posts

  function validate(raw: unknown): string {
    if (typeof raw !== 'string') throw new PulseboardError('BAD_REQUEST', 'Chat text must be a string');
    if (LONE_SURROGATE.test(raw)) {
      throw new PulseboardError('BAD_REQUEST', 'Chat message is not valid Unicode');
    }
    const text = stripInvisible(raw);
    if (text.trim() === '') throw new PulseboardError('BAD_REQUEST', 'Chat message is empty');
    // Count code points, not UTF-16 units, so an emoji is one character. Cheap bound first.
    if (text.length > maxLength * 2 || [...text].length > maxLength) {
      throw new PulseboardError('PAYLOAD_TOO_LARGE', `Chat message is longer than ${maxLength} characters`, {
        maxLength,
      });
    }
    if (CONTROL.test(text)) {
      throw new PulseboardError('BAD_REQUEST', 'Chat message contains control characters');
    }
    return text;
  }

  function takeSlot(user: string, at: number): void {
    const times = (recentPosts.get(user) ?? []).filter((t) => at - t < perMs);
    if (times.length >= burst) {
      const retryAfterMs = times[0]! + perMs - at;
      recentPosts.set(user, times);
      throw new PulseboardError(
        'RATE_LIMITED',
        `Too many chat messages; wait ${Math.ceil(retryAfterMs / 1000)} s`,
        { retryAfterMs },
      );
    }
    times.push(at);
    recentPosts.set(user, times);
  }

  return {
    async post(user, text) {
      if (typeof user !== 'string' || user === '') throw new TypeError('user must be a non-empty string');
      const valid = validate(text);
      const at = now();
      takeSlot(user, at);
      // Emitted only after the commit, so nobody sees a message that a crash could still lose.
      const message = await store.append({ user, text: valid, at });
      listeners.emit('message', message);
      return message;
    },
    history(limit = store.keep) {
      if (!Number.isSafeInteger(limit) || limit < 1) throw new TypeError('limit must be a positive integer');
      return store.recent(Math.min(limit, store.keep));
    },
    on: (event, listener) => listeners.on(event, listener),
    off: (event, listener) => listeners.off(event, listener),
  };
}
