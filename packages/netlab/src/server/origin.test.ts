import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { hostAllowed, originAllowed } from './origin.js';

const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;

describe('lab API origin checks', () => {
  it('allows scripts, its own origin and local dev servers; refuses other sites', () => {
    expect(originAllowed(req({ host: '127.0.0.1:5170' }))).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:5170', origin: 'http://127.0.0.1:5170' }))).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:5170', origin: 'http://localhost:5173' }))).toBe(true);
    expect(originAllowed(req({ host: '127.0.0.1:5170', origin: 'https://evil.example' }))).toBe(false);
    expect(originAllowed(req({ host: '127.0.0.1:5170', origin: 'null' }))).toBe(false);
  });

  it('refuses a rebound host name when bound to loopback', () => {
    expect(hostAllowed(req({ host: 'localhost:5170' }), '127.0.0.1')).toBe(true);
    expect(hostAllowed(req({ host: 'evil.example:5170' }), '127.0.0.1')).toBe(false);
    expect(hostAllowed(req({ host: 'board:5170' }), '0.0.0.0')).toBe(true);
  });
});
