import { describe, it } from 'vitest';

// Namespace tests need root. By hand they are skipped with the reason; under CI=true a
// missing privilege is a failure, so nothing is silently skipped there.
export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
export const rootReason = 'needs root (network namespaces, veth, nftables)';

export function describeAsRoot(name: string, body: () => void): void {
  if (isRoot) {
    describe(name, body);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it(`requires root: ${rootReason}`, () => {
        throw new Error(`${name}: ${rootReason}; CI must run as root`);
      });
    });
  } else {
    describe.skip(`${name} (skipped: ${rootReason})`, body);
  }
}
