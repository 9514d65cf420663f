import { describe, expect, it } from 'vitest';
import { originAllowed } from './origin.js';

describe('originAllowed', () => {
  it('accepts the same host and port', () => {
    expect(originAllowed('http://board.local:8080', 'board.local:8080')).toBe(true);
    expect(originAllowed('https://BOARD.local', 'board.local')).toBe(true);
  });

  it('refuses another host, another port, and garbage', () => {
    expect(originAllowed('http://evil.example', 'board.local:8080')).toBe(false);
    expect(originAllowed('http://board.local:9090', 'board.local:8080')).toBe(false);
    expect(originAllowed('null', 'board.local:8080')).toBe(false);
    expect(originAllowed('http://board.local:8080', undefined)).toBe(false);
  });

  it('lets non-browser clients (no Origin) through to authentication', () => {
    expect(originAllowed(undefined, 'board.local:8080')).toBe(true);
  });
});
