import { normalizeAddress } from './ip.js';
import type { Allowlist } from './cidr.js';

export type AdmissionResult =
  | { ok: true }
  | { ok: false; code: 'FORBIDDEN_ADDRESS' }
  | { ok: false; code: 'SERVER_FULL'; retryAfterS: number; connectedUsers: string[] };

export interface AdmissionInput {
  user: string;
  remote: string;
  /** Users that currently hold a place (at least one live connection). */
  connectedUsers: readonly string[];
  maxUsers: number;
  allowlist: Allowlist;
  retryAfterS: number;
}

/**
 * The address rule first (a refused address learns nothing about who is connected), then the
 * user cap. A user who is already connected always gets in again: another tab costs no place.
 */
export function checkAdmission(input: AdmissionInput): AdmissionResult {
  if (!input.allowlist.allows(normalizeAddress(input.remote))) {
    return { ok: false, code: 'FORBIDDEN_ADDRESS' };
  }
  if (input.connectedUsers.includes(input.user)) return { ok: true };
  if (input.connectedUsers.length >= input.maxUsers) {
    return {
      ok: false,
      code: 'SERVER_FULL',
      retryAfterS: input.retryAfterS,
      connectedUsers: [...input.connectedUsers].sort(),
    };
  }
  return { ok: true };
}
