import { describe, expect, it } from 'vitest';
import { Router } from './router.js';

describe('Router', () => {
  const noop = () => {};
  const router = new Router<null>().add('GET', '/api/state', noop).add('POST', '/api/lines/:name', noop);

  it('matches a pattern and decodes its parameter', () => {
    const m = router.match('POST', '/api/lines/vent%2Dfan');
    expect(m).toMatchObject({ kind: 'found', params: { name: 'vent-fan' } });
  });

  it('answers HEAD with the GET route', () => {
    expect(router.match('HEAD', '/api/state').kind).toBe('found');
  });

  it('tells a wrong method from a missing path', () => {
    expect(router.match('DELETE', '/api/state')).toEqual({ kind: 'method-not-allowed', allow: ['GET'] });
    expect(router.match('GET', '/api/nothing')).toEqual({ kind: 'none' });
    expect(router.match('POST', '/api/lines/a/b')).toEqual({ kind: 'none' });
  });

  it('refuses a malformed escape instead of throwing', () => {
    expect(router.match('POST', '/api/lines/%E0%A4%A')).toEqual({ kind: 'none' });
  });
});
