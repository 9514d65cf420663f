import type { Fidelity } from '../data/types.js';

/**
 * How real a fault is, in plain words: "kernel" (the kernel really drops the packets) or
 * "simulated in software" (a relay in the lab does it). Dashed until the lab has confirmed it.
 */
export function FidelityTag({ fidelity, confirmed = true }: { fidelity: Fidelity; confirmed?: boolean }) {
  const words = fidelity === 'kernel' ? 'kernel' : 'simulated in software';
  return (
    <span
      className={`fidelity ${fidelity}${confirmed ? '' : ' expected'}`}
      data-confirmed={confirmed}
      title={
        (fidelity === 'kernel'
          ? 'Done by the Linux kernel on a real network link'
          : 'Simulated in software by a relay in the lab (the kernel here has no netem)') +
        (confirmed ? '' : ' — expected; the lab confirms it when the fault is applied')
      }
    >
      {words}
    </span>
  );
}
