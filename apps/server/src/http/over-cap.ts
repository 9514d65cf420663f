import type { IncomingMessage } from 'node:http';
import { clip, PulseboardError } from '@pulseboard/core';
import { claimedBasicUser } from '@pulseboard/core/auth/index';
import type { Services } from '../app/services.js';
import { remoteAddress } from './remote.js';

/**
 * A push connection (WebSocket upgrade, or GET /api/events) that the user's connection cap will
 * refuse anyway, found before the password check: Basic credentials naming a user who already
 * holds the most push connections, some of them from this address. Checking the password first
 * would cost an scrypt per attempt (a flood of 1000 upgrades with one viewer's password: 1000
 * of them) only to refuse it after. Nothing is learned from it that the address's own
 * connections do not already show, and it is no guess: it counts toward nothing. Digest (what
 * browsers use) is cheap to check, so it keeps the full path and the panel gets its 4408 with
 * the reason. Answered with HTTP 429 TOO_MANY_CONNECTIONS.
 */
export function overCapBeforeAuth(s: Services, req: IncomingMessage): PulseboardError | undefined {
  const user = claimedBasicUser(req.headers.authorization);
  if (user === undefined || !s.live.atUserCap(user, 'ws')) return undefined;
  const remote = remoteAddress(req.socket);
  if (!s.allowlist.allows(remote) || !s.live.hasStream(user, remote)) return undefined;
  const quiet = s.warnings.take(`user-cap:${remote}`);
  if (quiet)
    s.log.warn(
      { remote, user: clip(user, 64), suppressed: quiet.suppressed },
      'connection refused before authentication: user at its connection cap',
    );
  return new PulseboardError('TOO_MANY_CONNECTIONS', undefined, {
    max: s.options.maxConnectionsPerUser,
  });
}
