import { describe, expect, it } from 'vitest';
import { expandUsers } from './users.js';

describe('expandUsers', () => {
  it('keeps plain names and expands name*N pools, without duplicates', () => {
    expect(expandUsers('alice, bob,crowd*3,alice')).toEqual([
      'alice',
      'bob',
      'crowd-1',
      'crowd-2',
      'crowd-3',
    ]);
    expect(expandUsers('')).toEqual([]);
  });

  it('refuses bad names and pool sizes with exact messages', () => {
    expect(() => expandUsers('al ice')).toThrow(new TypeError('bad user name "al ice" in PBL_USERS'));
    expect(() => expandUsers('crowd*0')).toThrow(new TypeError('pool size of "crowd*0" must be 1..500'));
  });
});
