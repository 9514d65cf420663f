import { PulseboardError } from '../errors.js';

export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type UserRole = (typeof ROLES)[number];

// No ':' (Basic splits on it), no quotes or backslashes (Digest quoted-strings), no spaces.
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
export const MAX_PASSWORD_LENGTH = 1024;

/** True for a name that could belong to an account (cheap; no store lookup). */
export function isValidUserName(name: string): boolean {
  return NAME.test(name);
}

export function validateUserName(name: unknown): string {
  if (typeof name !== 'string') throw new TypeError('User name must be a string');
  if (!NAME.test(name)) {
    throw new PulseboardError(
      'BAD_REQUEST',
      `Invalid user name "${name.slice(0, 40)}": use 1-32 letters, digits, ".", "_" or "-", starting with a letter or digit`,
    );
  }
  return name;
}

export function validateRole(role: unknown): UserRole {
  if (typeof role !== 'string') throw new TypeError('Role must be a string');
  if (!(ROLES as readonly string[]).includes(role)) {
    throw new PulseboardError(
      'BAD_REQUEST',
      `Invalid role "${role.slice(0, 40)}": use admin, operator or viewer`,
    );
  }
  return role as UserRole;
}

export function validatePassword(password: unknown): string {
  if (typeof password !== 'string') throw new TypeError('Password must be a string');
  if (password.length === 0) throw new PulseboardError('BAD_REQUEST', 'Password must not be empty');
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new PulseboardError('BAD_REQUEST', `Password must be at most ${MAX_PASSWORD_LENGTH} characters`);
  }
  return password;
}
