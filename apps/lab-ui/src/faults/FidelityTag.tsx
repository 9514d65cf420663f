import type { Fidelity } from '../data/types.js';

/** "kernel" or "userspace"; a trailing "?" when it is only expected, not yet reported. */
export function FidelityTag({ fidelity, confirmed = true }: { fidelity: Fidelity; confirmed?: boolean }) {
  return (
    <span
      className={`fidelity ${fidelity}`}
      title={
        confirmed ? `Applied at ${fidelity} level` : `Expected ${fidelity}; the lab confirms when applied`
      }
    >
      {fidelity}
      {confirmed ? '' : '?'}
    </span>
  );
}
