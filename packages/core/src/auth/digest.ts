import { createHash } from 'node:crypto';

/** RFC 7616 algorithms we offer, strongest first. MD5 stays for older clients (and curl). */
export const DIGEST_ALGORITHMS = ['SHA-256', 'MD5'] as const;
export type DigestAlgorithm = (typeof DIGEST_ALGORITHMS)[number];

export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
    .update(data, 'utf8')
    .digest('hex');
}

/** HA1 = H(username ":" realm ":" password): what the user store keeps instead of the password. */
export function digestHa1(
  algorithm: DigestAlgorithm,
  username: string,
  realm: string,
  password: string,
): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestResponseInput {
  algorithm: DigestAlgorithm;
  ha1: string;
  method: string;
  uri: string;
  nonce: string;
  nc: string;
  cnonce: string;
  qop: 'auth';
}

/** response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" H(method ":" uri)) — RFC 7616 §3.4.1. */
export function digestResponse(input: DigestResponseInput): string {
  const ha2 = digestHash(input.algorithm, `${input.method}:${input.uri}`);
  return digestHash(
    input.algorithm,
    `${input.ha1}:${input.nonce}:${input.nc}:${input.cnonce}:${input.qop}:${ha2}`,
  );
}

/** The algorithm token as sent on the wire, case-insensitive; undefined if we don't offer it. */
export function parseDigestAlgorithm(value: string | undefined): DigestAlgorithm | undefined {
  if (value === undefined) return 'MD5'; // RFC 7616 §3.3: absent means MD5
  const upper = value.toUpperCase();
  return DIGEST_ALGORITHMS.find((a) => a === upper);
}
