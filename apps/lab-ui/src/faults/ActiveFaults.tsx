import type { Fault } from '../data/types.js';
import { faultDetail, fmtMs } from '../timeline/model.js';
import { FidelityTag } from './FidelityTag.js';

/** Faults in force right now, each with its fidelity, age and a heal button. */
export function ActiveFaults({
  faults,
  now,
  onHeal,
}: {
  faults: readonly Fault[];
  now: number;
  onHeal: (id: string) => void;
}) {
  if (!faults.length) return <p className="muted">No faults in force.</p>;
  return (
    <ul className="active-faults" aria-label="Active faults">
      {faults.map((f) => (
        <li key={f.id} data-fault={f.kind}>
          <strong>{faultDetail(f.kind, f.params)}</strong> <FidelityTag fidelity={f.fidelity} />{' '}
          <span className="muted">
            on {f.targets.join(', ') || '—'} · {fmtMs(now - f.startedAt)}
          </span>{' '}
          <button type="button" onClick={() => onHeal(f.id)}>
            Heal
          </button>
        </li>
      ))}
    </ul>
  );
}
