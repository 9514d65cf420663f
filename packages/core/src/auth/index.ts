export { createAuthenticator } from './authenticator.js';
export type {
  AuthFailureReason,
  AuthHeaders,
  AuthRequest,
  AuthResult,
  AuthUserSource,
  Authenticator,
  AuthenticatorOptions,
  LockoutConfig,
} from './authenticator.js';
export { openUserStore, DEFAULT_REALM } from './user-store.js';
export type { UserInfo, UserListEntry, UserRecord, UserStore, UserStoreOptions } from './user-store.js';
export { ROLES, validateUserName, validateRole, validatePassword, type UserRole } from './names.js';
export { DIGEST_ALGORITHMS, digestHa1, digestHash, digestResponse, type DigestAlgorithm } from './digest.js';
export { parseAuthParams } from './auth-params.js';
export { claimedBasicUser, decodeBasic } from './basic.js';
export { createNonceManager, type NonceManager, type NonceManagerOptions } from './nonce.js';
export { createLockout, type Lockout, type LockoutOptions, type LockoutState } from './lockout.js';
export {
  hashPassword,
  verifyPasswordHash,
  DEFAULT_SCRYPT,
  type PasswordHash,
  type ScryptParams,
} from './password.js';
export { safeEqual } from './safe-equal.js';
export { pickChallenge, digestAuthorization } from './digest-client.js';
