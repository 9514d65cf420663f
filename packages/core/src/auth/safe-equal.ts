import { timingSafeEqual } from 'node:crypto';

/**
 * Timing-safe string comparison. `timingSafeEqual` needs equal lengths; the expected value's
 * length is public (a hex digest), so on a length mismatch we still do one comparison of the
 * same cost and return false.
 */
export function safeEqual(actual: string, expected: string): boolean {
  const a = Buffer.from(actual, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}
