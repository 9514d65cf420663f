import { createHash } from 'node:crypto';
import { normalizeAddress } from '../presence/ip.js';
import { quote, parseAuthParams } from './auth-params.js';
import { decodeBasic } from './basic.js';
import {
  DIGEST_ALGORITHMS,
  digestHash,
  digestResponse,
  parseDigestAlgorithm,
  type DigestAlgorithm,
} from './digest.js';
import { createLockout, type Attempt } from './lockout.js';
import { isValidUserName } from './names.js';
import { createNonceManager } from './nonce.js';
import { safeEqual } from './safe-equal.js';
import type { UserInfo, UserStore } from './user-store.js';
import { DEFAULT_REALM } from './user-store.js';

export type AuthUserSource = Pick<UserStore, 'get' | 'digestHa1' | 'verifyPassword'> & { realm?: string };

export interface LockoutConfig {
  /** Failures from one address within windowMs that lock the address. */
  maxFailures: number;
  /** Failures on one account, from any address, within windowMs that lock the account. */
  accountMaxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

export interface AuthenticatorOptions {
  users: AuthUserSource;
  realm?: string;
  allowBasic?: boolean;
  nonceTtlMs?: number;
  lockout?: Partial<LockoutConfig>;
  /** Offered Digest algorithms, in challenge order. Default ['SHA-256', 'MD5']. */
  digestAlgorithms?: DigestAlgorithm[];
  /** HMAC key for nonces (>= 32 bytes); default random per process. */
  secret?: Buffer;
  now?: () => number;
}

export interface AuthRequest {
  method: string;
  /** The request-target as received (`req.url`). */
  uri: string;
  authorization: string | undefined;
  remote: string;
}

export type AuthFailureReason =
  | 'missing'
  | 'malformed'
  | 'unsupported-scheme'
  | 'basic-disabled'
  | 'bad-credentials'
  | 'stale-nonce'
  | 'nonce-replayed'
  | 'locked-out';

export interface AuthHeaders {
  'WWW-Authenticate'?: string[];
  'Retry-After'?: string;
}

export type AuthResult =
  | { ok: true; user: UserInfo; scheme: 'digest' | 'basic'; algorithm?: DigestAlgorithm }
  | {
      ok: false;
      status: 401 | 429;
      code: 'AUTH_REQUIRED' | 'AUTH_FAILED' | 'AUTH_LOCKED_OUT';
      reason: AuthFailureReason;
      headers: AuthHeaders;
      /** The user name that was tried, if any (for logs; it may not exist). */
      attemptedUser?: string;
    };

export interface Authenticator {
  authenticate(request: AuthRequest): Promise<AuthResult>;
  /** A fresh 401 (e.g. for a logout or a route that insists on a new login). */
  challenge(): AuthResult;
  readonly realm: string;
}

const defaults = {
  realm: DEFAULT_REALM,
  allowBasic: true,
  nonceTtlMs: 5 * 60_000,
  digestAlgorithms: [...DIGEST_ALGORITHMS] as DigestAlgorithm[],
};
const lockoutDefaults: LockoutConfig = {
  maxFailures: 5,
  accountMaxFailures: 10,
  windowMs: 60_000,
  lockoutMs: 60_000,
};
/** Longest attempted user name kept for logs (a header may carry kilobytes). */
const MAX_LOGGED_NAME = 64;

function positiveInt(value: unknown, name: string): number {
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new TypeError(`${name} must be a positive integer`);
  }
  return value as number;
}

function validate(options: AuthenticatorOptions) {
  if (!options || typeof options !== 'object') throw new TypeError('options must be an object');
  // The realm defaults to the store's, so the HA1s it holds match the challenges we send.
  const realm = options.realm ?? options.users?.realm ?? defaults.realm;
  const o = { ...defaults, ...options, realm, lockout: { ...lockoutDefaults, ...options.lockout } };
  if (!o.users || typeof o.users.verifyPassword !== 'function' || typeof o.users.digestHa1 !== 'function') {
    throw new TypeError('options.users must be a user store');
  }
  if (typeof o.realm !== 'string' || o.realm === '' || /["\\\r\n]/.test(o.realm)) {
    throw new TypeError('options.realm must be a non-empty string without quotes, backslashes or newlines');
  }
  if (typeof o.allowBasic !== 'boolean') throw new TypeError('options.allowBasic must be a boolean');
  positiveInt(o.nonceTtlMs, 'options.nonceTtlMs');
  positiveInt(o.lockout.maxFailures, 'options.lockout.maxFailures');
  positiveInt(o.lockout.accountMaxFailures, 'options.lockout.accountMaxFailures');
  positiveInt(o.lockout.windowMs, 'options.lockout.windowMs');
  positiveInt(o.lockout.lockoutMs, 'options.lockout.lockoutMs');
  if (
    !Array.isArray(o.digestAlgorithms) ||
    o.digestAlgorithms.length === 0 ||
    o.digestAlgorithms.some((a) => !DIGEST_ALGORITHMS.includes(a))
  ) {
    throw new TypeError('options.digestAlgorithms must be a non-empty array of "SHA-256" | "MD5"');
  }
  if (o.secret !== undefined && (!Buffer.isBuffer(o.secret) || o.secret.length < 32)) {
    throw new TypeError('options.secret must be a Buffer of at least 32 bytes');
  }
  return o;
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const o = validate(options);
  const { users, realm, allowBasic } = o;
  const now = o.now ?? Date.now;
  const nonces = createNonceManager({ ttlMs: o.nonceTtlMs, secret: o.secret, now });
  // Two counters: per address (one machine guessing many names) and per account (many
  // addresses guessing one name). Neither is ever reset by another account's success.
  const byAddress = createLockout({ ...o.lockout, now });
  const byAccount = createLockout({ ...o.lockout, maxFailures: o.lockout.accountMaxFailures, now });
  // Opaque only has to come back unchanged; deriving it from the realm keeps it stable across restarts.
  const opaque = createHash('sha256').update(`pulseboard-opaque:${realm}`).digest('hex').slice(0, 32);
  // Digest checks for unknown users run against this, so they cost the same as for known ones.
  const dummyHa1 = (algorithm: DigestAlgorithm): string => digestHash(algorithm, `${opaque}:dummy`);

  function challenges(stale: boolean): string[] {
    const nonce = nonces.issue();
    const list = o.digestAlgorithms.map(
      (algorithm) =>
        `Digest realm=${quote(realm)}, qop="auth", algorithm=${algorithm}, nonce=${quote(nonce)}, ` +
        `opaque=${quote(opaque)}${stale ? ', stale=true' : ''}`,
    );
    if (allowBasic) list.push(`Basic realm=${quote(realm)}, charset="UTF-8"`);
    return list;
  }

  function unauthorized(
    reason: AuthFailureReason,
    code: 'AUTH_REQUIRED' | 'AUTH_FAILED',
    attemptedUser?: string,
  ): AuthResult {
    const stale = reason === 'stale-nonce';
    return {
      ok: false,
      status: 401,
      code,
      reason,
      headers: { 'WWW-Authenticate': challenges(stale) },
      ...(attemptedUser !== undefined ? { attemptedUser } : {}),
    };
  }

  function lockedOut(retryAfterMs: number, attemptedUser?: string): AuthResult {
    return {
      ok: false,
      status: 429,
      code: 'AUTH_LOCKED_OUT',
      reason: 'locked-out',
      headers: { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterMs / 1000))) },
      ...(attemptedUser !== undefined ? { attemptedUser } : {}),
    };
  }

  /** A header we cannot use counts as a failure of its address: guessing is guessing. */
  function malformed(remote: string, reason: AuthFailureReason, attemptedUser?: string): AuthResult {
    const state = byAddress.fail(remote);
    return state.locked
      ? lockedOut(state.retryAfterMs, attemptedUser)
      : unauthorized(reason, 'AUTH_REQUIRED', attemptedUser);
  }

  /**
   * Counts the attempt against its address and account before the password is checked (so
   * parallel requests cannot slip past while scrypt runs), runs `check`, then settles both.
   */
  async function attempt(
    remote: string,
    name: string,
    check: () => Promise<AuthResult | null> | AuthResult | null,
  ): Promise<AuthResult> {
    const shown = name.slice(0, MAX_LOGGED_NAME);
    const address = await byAddress.begin(remote);
    if (address.locked) return lockedOut(address.retryAfterMs, shown);
    const attempts: Attempt[] = [address.attempt];
    // A name no account can have is counted per address only (nothing to protect, no memory).
    const accountKey = isValidUserName(name) ? name : undefined;
    if (accountKey !== undefined) {
      const account = await byAccount.begin(accountKey);
      if (account.locked) {
        address.attempt.fail();
        return lockedOut(account.retryAfterMs, shown);
      }
      attempts.push(account.attempt);
    }
    let result: AuthResult | null;
    try {
      result = await check();
    } catch (err) {
      for (const a of attempts) a.succeed(); // not the caller's fault: nothing counted
      throw err;
    }
    if (result === null) {
      const states = attempts.map((a) => a.fail());
      const locked = states.find((st) => st.locked);
      return locked?.locked
        ? lockedOut(locked.retryAfterMs, shown)
        : unauthorized('bad-credentials', 'AUTH_FAILED', shown);
    }
    for (const a of attempts) a.succeed();
    if (result.ok && accountKey !== undefined) byAccount.clear(accountKey);
    return result;
  }

  async function basic(credentials: string, remote: string): Promise<AuthResult> {
    if (!allowBasic) return unauthorized('basic-disabled', 'AUTH_REQUIRED');
    const decoded = decodeBasic(credentials);
    if (!decoded) return malformed(remote, 'malformed');
    const { name, password } = decoded;
    return attempt(remote, name, async () => {
      const user = await users.verifyPassword(name, password);
      return user ? { ok: true, user, scheme: 'basic' } : null;
    });
  }

  function digest(
    paramText: string,
    method: string,
    requestUri: string,
    remote: string,
  ): AuthResult | Promise<AuthResult> {
    const p = parseAuthParams(paramText);
    if (!p) return malformed(remote, 'malformed');
    const username = p.get('username');
    const nonce = p.get('nonce');
    const uri = p.get('uri');
    const response = p.get('response');
    const nc = p.get('nc');
    const cnonce = p.get('cnonce');
    const algorithm = parseDigestAlgorithm(p.get('algorithm'));
    if (
      username === undefined ||
      nonce === undefined ||
      uri === undefined ||
      response === undefined ||
      nc === undefined ||
      cnonce === undefined ||
      algorithm === undefined ||
      !o.digestAlgorithms.includes(algorithm) ||
      p.get('qop') !== 'auth' ||
      p.get('realm') !== realm ||
      p.get('opaque') !== opaque ||
      p.get('userhash')?.toLowerCase() === 'true' ||
      !/^[0-9a-fA-F]{8}$/.test(nc)
    ) {
      return malformed(remote, 'malformed', username?.slice(0, MAX_LOGGED_NAME));
    }
    // The digest covers `uri`; it must be the request we are answering, or a captured
    // Authorization header could be replayed against another path.
    if (!sameTarget(uri, requestUri)) {
      return malformed(remote, 'malformed', username.slice(0, MAX_LOGGED_NAME));
    }
    return attempt(remote, username, () =>
      checkDigest({ username, nonce, uri, response, nc, cnonce, algorithm, method }),
    );
  }

  function checkDigest(d: {
    username: string;
    nonce: string;
    uri: string;
    response: string;
    nc: string;
    cnonce: string;
    algorithm: DigestAlgorithm;
    method: string;
  }): AuthResult | null {
    const { username, nonce, uri, response, nc, cnonce, algorithm, method } = d;
    const known = users.get(username);
    const ha1 = (known && users.digestHa1(username, realm, algorithm)) ?? dummyHa1(algorithm);
    const expected = digestResponse({ algorithm, ha1, method, uri, nonce, nc, cnonce, qop: 'auth' });
    if (!safeEqual(response.toLowerCase(), expected) || !known) return null;

    // The password was right; only now does the nonce's freshness matter (RFC 7616 §3.3: stale
    // means "the credentials were right, retry with a new nonce without asking the user").
    const checked = nonces.check(nonce);
    if (checked.status !== 'valid') return unauthorized('stale-nonce', 'AUTH_REQUIRED', username);
    const count = nonces.useCount(nonce, checked.issuedAt, nc);
    if (count === 'stale') return unauthorized('stale-nonce', 'AUTH_REQUIRED', username);
    if (count === 'replayed') return unauthorized('nonce-replayed', 'AUTH_REQUIRED', username);
    return { ok: true, user: known, scheme: 'digest', algorithm };
  }

  return {
    realm,
    challenge: () => unauthorized('missing', 'AUTH_REQUIRED'),
    async authenticate(request) {
      const remote = normalizeAddress(String(request.remote ?? ''));
      const state = byAddress.state(remote);
      if (state.locked) return lockedOut(state.retryAfterMs);
      const header = request.authorization;
      if (typeof header !== 'string' || header.trim() === '') return unauthorized('missing', 'AUTH_REQUIRED');
      const match = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(header);
      const scheme = match?.[1]?.toLowerCase();
      const rest = match?.[2] ?? '';
      if (scheme === 'digest') {
        return digest(rest, String(request.method).toUpperCase(), String(request.uri), remote);
      }
      if (scheme === 'basic') return basic(rest, remote);
      return malformed(remote, 'unsupported-scheme');
    },
  };
}

/** The Digest `uri` equals the request-target, or is its absolute form (some proxies/clients). */
function sameTarget(digestUri: string, requestUri: string): boolean {
  if (digestUri === requestUri) return true;
  if (!/^https?:\/\//i.test(digestUri)) return false;
  try {
    const url = new URL(digestUri);
    return url.pathname + url.search === requestUri;
  } catch {
    return false;
  }
}
