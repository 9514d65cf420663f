/**
 * Cross-site WebSocket hijacking guard: a browser always sends Origin, and it must name this
 * very host. Clients without an Origin (curl, ws, the lab's virtual clients) are not browsers
 * and carry their own credentials, so they pass.
 */
export function originAllowed(origin: string | undefined, host: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!host) return false;
  try {
    const url = new URL(origin);
    return url.host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
