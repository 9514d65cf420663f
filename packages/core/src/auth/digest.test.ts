import { describe, expect, it } from 'vitest';
import { parseAuthParams, quote } from './auth-params.js';
import { digestHa1, digestResponse, parseDigestAlgorithm } from './digest.js';

// RFC 7616 §3.9.1 example.
const rfc = {
  username: 'Mufasa',
  realm: 'http-auth@example.org',
  password: 'Circle of Life',
  method: 'GET',
  uri: '/dir/index.html',
  nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
  cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
  nc: '00000001',
  qop: 'auth' as const,
};

describe('digest computation (RFC 7616 §3.9.1 vectors)', () => {
  it('computes the MD5 response', () => {
    const ha1 = digestHa1('MD5', rfc.username, rfc.realm, rfc.password);
    expect(digestResponse({ ...rfc, algorithm: 'MD5', ha1 })).toBe('8ca523f5e9506fed4657c9700eebdbec');
  });

  it('computes the SHA-256 response', () => {
    const ha1 = digestHa1('SHA-256', rfc.username, rfc.realm, rfc.password);
    expect(digestResponse({ ...rfc, algorithm: 'SHA-256', ha1 })).toBe(
      '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1',
    );
  });

  it('maps algorithm tokens case-insensitively, absent = MD5, unknown = undefined', () => {
    expect(parseDigestAlgorithm(undefined)).toBe('MD5');
    expect(parseDigestAlgorithm('sha-256')).toBe('SHA-256');
    expect(parseDigestAlgorithm('SHA-512-256')).toBeUndefined();
    expect(parseDigestAlgorithm('MD5-sess')).toBeUndefined();
  });
});

describe('parseAuthParams', () => {
  it('parses tokens and quoted strings with escapes', () => {
    const p = parseAuthParams(
      'username="Mufasa", realm="a \\"b\\" c",nonce="x/y=", uri="/dir/index.html?a=1,2", qop=auth, nc=00000001',
    );
    expect(p && Object.fromEntries(p)).toEqual({
      username: 'Mufasa',
      realm: 'a "b" c',
      nonce: 'x/y=',
      uri: '/dir/index.html?a=1,2',
      qop: 'auth',
      nc: '00000001',
    });
  });

  it('lower-cases names', () => {
    expect(parseAuthParams('UserName="a"')?.get('username')).toBe('a');
  });

  it.each([
    ['unterminated quote', 'username="abc'],
    ['missing =', 'username "abc"'],
    ['duplicate', 'nc=1, nc=2'],
    ['junk between params', 'a=1 b=2'],
  ])('rejects %s', (_label, text) => {
    expect(parseAuthParams(text)).toBeUndefined();
  });

  it('round-trips quote()', () => {
    expect(parseAuthParams(`realm=${quote('we"ird\\realm')}`)?.get('realm')).toBe('we"ird\\realm');
  });
});
