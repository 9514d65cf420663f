import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzParams, mutated, nastyString } from '../testing/fuzz.js';
import { parseAuthParams } from './auth-params.js';
import { createAuthenticator } from './authenticator.js';
import { openUserStore, type UserStore } from './user-store.js';

// Fuzz (issue 12): the Digest/Basic header parser and the authenticator never throw and always
// answer 401 or 429 to anything but the right credentials.

let dir: string;
let users: UserStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pb-auth-fuzz-'));
  users = openUserStore({ dataDir: dir, scrypt: { N: 1024, r: 8, p: 1, keylen: 32 } });
  await users.add('alice', 'wonderland', 'operator');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const digestLike = [
  'Digest username="alice", realm="pulseboard", nonce="abc", uri="/api/state", response="00", qop=auth, nc=00000001, cnonce="c", algorithm=SHA-256, opaque="x"',
  'Digest username=alice,realm=pulseboard,nonce="a\\"b",uri="/",qop="auth"',
  'Basic YWxpY2U6d29uZGVybGFuZA==',
  'Basic =====',
  'Digest ',
];

describe('auth fuzz', () => {
  it('parseAuthParams never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          nastyString(200),
          mutated(
            digestLike.map((d) => d.replace(/^\w+ /, '')),
            40,
          ),
        ),
        (text) => {
          const p = parseAuthParams(text);
          expect(p === undefined || p instanceof Map).toBe(true);
        },
      ),
      fuzzParams(400),
    );
  });

  it('the authenticator answers any other header with 401 or 429, never throws', async () => {
    const auth = createAuthenticator({
      users,
      lockout: { maxFailures: 1_000_000, accountMaxFailures: 1_000_000 },
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(nastyString(300), mutated(digestLike, 40), fc.constant(undefined)),
        fc.oneof(fc.constantFrom('GET', 'POST', 'get'), nastyString(10)),
        fc.oneof(fc.constantFrom('/api/state', '/', 'http://[', '*'), nastyString(40)),
        async (authorization, method, uri) => {
          const r = await auth.authenticate({ method, uri, authorization, remote: '10.9.0.1' });
          // Only alice's own password (a mutation that changed nothing) may pass.
          if (r.ok) {
            const b64 = String(authorization)
              .replace(/^\s*basic\s+/i, '')
              .trim();
            expect(Buffer.from(b64, 'base64').toString()).toBe('alice:wonderland');
          } else expect([401, 429]).toContain(r.status);
        },
      ),
      fuzzParams(200),
    );
  });
});
