import { describe, expect, it } from 'vitest';
import { lineDict } from '../data/line-dict.js';
import { lineState, operation } from '../test/wire.js';
import { announcement } from './useAnnouncer.js';

const lights = lineState({ name: 'lights', label: 'Bench lights' });
const dict = lineDict([lights]);
const op = (user: string, status: 'confirmed' | 'pending') => ({
  type: 'operation' as const,
  at: 1,
  operation: operation({ id: 'o', line: 'lights', value: 1, status, user }),
});

describe('what a screen reader is told', () => {
  it('others’ confirmed switches and chat, not one’s own', () => {
    expect(announcement(op('alice', 'confirmed'), 'bob', dict)).toBe('alice turned Bench lights ON');
    expect(announcement(op('bob', 'confirmed'), 'bob', dict)).toBeNull();
    expect(announcement(op('alice', 'pending'), 'bob', dict)).toBeNull();
    const chat = (user: string) => ({
      type: 'chat' as const,
      at: 1,
      message: { id: 1, at: 1, user, text: 'hi' },
    });
    expect(announcement(chat('alice'), 'bob', dict)).toBe('alice says: hi');
    expect(announcement(chat('bob'), 'bob', dict)).toBeNull();
  });
});
