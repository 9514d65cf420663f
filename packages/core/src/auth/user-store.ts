import { chmodSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PulseboardError } from '../errors.js';
import { writeFileAtomic } from './atomic-write.js';
import { DIGEST_ALGORITHMS, digestHa1, type DigestAlgorithm } from './digest.js';
import { validatePassword, validateRole, validateUserName, type UserRole } from './names.js';
import {
  DEFAULT_SCRYPT,
  hashPassword,
  verifyPasswordHash,
  type PasswordHash,
  type ScryptParams,
} from './password.js';
import {
  DEFAULT_REMEMBERED_LOGINS,
  RememberedLogins,
  type RememberedLoginsOptions,
} from './remembered-logins.js';

export interface UserRecord {
  role: UserRole;
  password: PasswordHash;
  /**
   * Digest HA1 = H(name:realm:password) per algorithm. Password-equivalent for Digest (whoever
   * reads it can log in), which is why the file is 0600 and the data dir must stay private.
   */
  digest: { realm: string } & Record<DigestAlgorithm, string>;
  createdAt: string;
  updatedAt: string;
}

interface UsersFile {
  version: 1;
  users: Record<string, UserRecord>;
}

export interface UserInfo {
  name: string;
  role: UserRole;
}

export interface UserListEntry extends UserInfo {
  createdAt: string;
  updatedAt: string;
}

export interface UserStoreOptions {
  dataDir: string;
  /** Realm the Digest HA1 values are computed for; must match the authenticator's. Default 'pulseboard'. */
  realm?: string;
  /** scrypt cost; lower only in tests. */
  scrypt?: ScryptParams;
  /** Passwords that passed are taken without scrypt for a while (remembered-logins.ts). */
  rememberLogins?: RememberedLoginsOptions;
}

export interface UserStore {
  readonly file: string;
  readonly realm: string;
  add(name: string, password: string, role: UserRole): Promise<void>;
  passwd(name: string, password: string): Promise<void>;
  setRole(name: string, role: UserRole): void;
  remove(name: string): void;
  list(): UserListEntry[];
  get(name: string): UserInfo | undefined;
  /** The stored HA1 for Digest, if the user exists and was stored for `realm`. */
  digestHa1(name: string, realm: string, algorithm: DigestAlgorithm): string | undefined;
  /** Checks a password against the scrypt hash; the same work is done for unknown users. */
  verifyPassword(name: string, password: string): Promise<UserInfo | null>;
}

export const DEFAULT_REALM = 'pulseboard';

export function openUserStore(options: UserStoreOptions): UserStore {
  if (!options || typeof options.dataDir !== 'string' || options.dataDir === '') {
    throw new TypeError('options.dataDir must be a non-empty string');
  }
  const { dataDir, realm = DEFAULT_REALM, scrypt = DEFAULT_SCRYPT } = options;
  const remembered = new RememberedLogins(options.rememberLogins ?? DEFAULT_REMEMBERED_LOGINS);
  if (typeof realm !== 'string' || realm === '' || /["\\\r\n]/.test(realm)) {
    throw new TypeError('options.realm must be a non-empty string without quotes, backslashes or newlines');
  }
  const file = join(dataDir, 'users.json');
  let data: UsersFile = { version: 1, users: {} };
  let loadedStamp = '';
  let dummyHash: Promise<PasswordHash> | undefined;

  // Re-read when the file changed (e.g. `pulseboard users add` while the server runs).
  function load(): UsersFile {
    let stamp: string;
    try {
      const st = statSync(file);
      stamp = `${st.mtimeMs}:${st.size}:${st.ino}`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      stamp = 'missing';
    }
    if (stamp === loadedStamp) return data;
    if (stamp === 'missing') data = { version: 1, users: {} };
    else {
      let parsed: UsersFile;
      try {
        parsed = JSON.parse(readFileSync(file, 'utf8')) as UsersFile;
      } catch (err) {
        if (!(err instanceof SyntaxError)) throw err;
        throw new PulseboardError('INTERNAL', `${file} is not valid JSON`);
      }
      if (parsed?.version !== 1 || typeof parsed.users !== 'object' || parsed.users === null) {
        throw new PulseboardError('INTERNAL', `${file} is not a Pulseboard users file (version 1)`);
      }
      data = parsed;
    }
    loadedStamp = stamp;
    return data;
  }

  function save(next: UsersFile): void {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileAtomic(file, `${JSON.stringify(next, null, 2)}\n`, 0o600);
    chmodSync(file, 0o600); // in case a umask widened nothing but an old file was looser
    data = next;
    loadedStamp = '';
    load();
  }

  function lookup(name: string): UserRecord | undefined {
    const users = load().users;
    return Object.hasOwn(users, name) ? users[name] : undefined;
  }

  function mustExist(name: string): UserRecord {
    const record = lookup(validateUserName(name));
    if (!record) throw new PulseboardError('USER_UNKNOWN', `No user "${name}"`);
    return record;
  }

  async function secrets(name: string, password: string): Promise<Pick<UserRecord, 'password' | 'digest'>> {
    const digest = { realm } as UserRecord['digest'];
    for (const algorithm of DIGEST_ALGORITHMS)
      digest[algorithm] = digestHa1(algorithm, name, realm, password);
    return { password: await hashPassword(password, scrypt), digest };
  }

  function write(name: string, record: UserRecord | undefined): void {
    const current = load();
    const users = { ...current.users };
    if (record) users[name] = record;
    else delete users[name];
    save({ version: 1, users });
  }

  return {
    file,
    realm,
    async add(name, password, role) {
      validateUserName(name);
      validatePassword(password);
      validateRole(role);
      if (lookup(name)) throw new PulseboardError('USER_EXISTS', `User "${name}" already exists`);
      const made = await secrets(name, password);
      if (lookup(name)) throw new PulseboardError('USER_EXISTS', `User "${name}" already exists`);
      const at = new Date().toISOString();
      write(name, { role, ...made, createdAt: at, updatedAt: at });
    },
    async passwd(name, password) {
      mustExist(name);
      validatePassword(password);
      const made = await secrets(name, password);
      const record = mustExist(name);
      write(name, { ...record, ...made, updatedAt: new Date().toISOString() });
    },
    setRole(name, role) {
      const record = mustExist(name);
      write(name, { ...record, role: validateRole(role), updatedAt: new Date().toISOString() });
    },
    remove(name) {
      mustExist(name);
      write(name, undefined);
    },
    list() {
      return Object.entries(load().users)
        .map(([name, r]) => ({ name, role: r.role, createdAt: r.createdAt, updatedAt: r.updatedAt }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    },
    get(name) {
      const record = lookup(name);
      return record ? { name, role: record.role } : undefined;
    },
    digestHa1(name, forRealm, algorithm) {
      const record = lookup(name);
      if (!record || record.digest?.realm !== forRealm) return undefined;
      return record.digest[algorithm];
    },
    async verifyPassword(name, password) {
      const record = lookup(name);
      if (!record) {
        // Same scrypt work for an unknown name, so timing does not reveal which names exist.
        dummyHash ??= hashPassword('pulseboard-dummy-password', scrypt);
        await verifyPasswordHash(password, await dummyHash);
        return null;
      }
      const stored = record.password.hash;
      if (remembered.has(name, password, stored)) return { name, role: record.role };
      if (!(await verifyPasswordHash(password, record.password))) return null;
      remembered.remember(name, password, stored);
      return { name, role: record.role };
    },
  };
}
