import { describe, expect, it } from 'vitest';
import { claimedBasicUser, decodeBasic } from './basic.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('Basic credentials', () => {
  it('splits at the first colon; a password may hold colons', () => {
    expect(decodeBasic(b64('vera:a:b'))).toEqual({ name: 'vera', password: 'a:b' });
    expect(decodeBasic(b64('no-colon'))).toBeNull();
  });

  it('names the claimed user of a Basic header only', () => {
    expect(claimedBasicUser(`Basic ${b64('vera:x')}`)).toBe('vera');
    expect(claimedBasicUser(`  basic ${b64('vera:')} `)).toBe('vera');
    expect(claimedBasicUser(`Basic ${b64('vera')}`)).toBeUndefined();
    expect(claimedBasicUser('Digest username="vera"')).toBeUndefined();
    expect(claimedBasicUser(undefined)).toBeUndefined();
    expect(claimedBasicUser('Basic a b')).toBeUndefined();
  });
});
