import { randomBytes } from 'node:crypto';
import { digestAuthorization, pickChallenge } from '@pulseboard/core/auth/index';
import { labPassword } from '../controller/board.js';

// The lab signs in to its board as a lab user, the way a browser would: it answers the
// board's challenge with Digest (SHA-256 first, then MD5), or Basic when that is all the board
// offers, and keeps using the nonce (nc + 1 each time) until the board calls it stale.
// Passwords follow the lab's own rule (labPassword); they never leave the lab process.

interface UserAuth {
  challenge?: Map<string, string>;
  basic?: boolean;
  nc: number;
}

export class BoardAuth {
  private readonly users = new Map<string, UserAuth>();

  /** The Authorization header for the next request, or undefined before the first challenge. */
  header(user: string, method: string, uri: string): string | undefined {
    const u = this.users.get(user);
    if (!u) return undefined;
    if (u.basic) return 'Basic ' + Buffer.from(`${user}:${labPassword(user)}`).toString('base64');
    if (!u.challenge) return undefined;
    u.nc += 1;
    return digestAuthorization({
      challenge: u.challenge,
      user,
      password: labPassword(user),
      method,
      uri,
      nc: u.nc,
      cnonce: randomBytes(9).toString('base64url'),
    });
  }

  /** Takes the challenges of a 401 (`headersDistinct['www-authenticate']`); false if none is usable. */
  learn(user: string, headers: string[] | undefined): boolean {
    for (const algorithm of ['SHA-256', 'MD5'] as const) {
      try {
        this.users.set(user, { challenge: pickChallenge(headers, algorithm), nc: 0 });
        return true;
      } catch {
        // not offered: try the next one
      }
    }
    if ((headers ?? []).some((h) => /^Basic\b/i.test(h))) {
      this.users.set(user, { basic: true, nc: 0 });
      return true;
    }
    return false;
  }
}
