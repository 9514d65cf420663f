/**
 * The request-target as a URL, or null when it cannot be one (`http://[`, `//%`): such a
 * request is the client's mistake and gets a 400 before anything is logged or authenticated.
 */
export function parseTarget(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}
