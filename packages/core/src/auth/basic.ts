/** The user and password of Basic credentials (RFC 7617), or null when there is no colon. */
export function decodeBasic(credentials: string): { name: string; password: string } | null {
  const decoded = Buffer.from(credentials.trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The user name a Basic Authorization header claims, unverified: enough to refuse early what
 * would be refused anyway once the (slow, scrypt) password check passed. Undefined for any
 * other header.
 */
export function claimedBasicUser(header: string | undefined): string | undefined {
  const match = /^\s*basic\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? decodeBasic(match[1]!)?.name : undefined;
}
