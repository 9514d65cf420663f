import type { LineState } from '../data/types.js';
import { clock } from './time.js';

interface Props {
  line: LineState;
  canOperate: boolean;
  onSet: (value: 0 | 1) => void;
}

function label(v: 0 | 1 | null): string {
  return v === null ? 'unknown' : v === 1 ? 'ON' : 'OFF';
}

/**
 * One line: the value the hardware reads back, the value being applied (or, past its timeout,
 * whose outcome is unknown), a write the line does not hold, and who changed it last.
 */
export function LineCard({ line, canOperate, onSet }: Props) {
  const pending = line.pending !== null;
  const unknown = line.unknown ?? null;
  const mismatch = line.mismatch ?? null;
  const next: 0 | 1 = line.value === 1 ? 0 : 1;
  return (
    <li
      className={`line line-${line.direction}${pending ? ' line-pending' : ''}${unknown ? ' line-unknown' : ''}`}
      data-testid={`line-${line.name}`}
      data-value={line.value ?? ''}
      data-pending={line.pending ?? ''}
      data-unknown={unknown ? unknown.value : ''}
      data-mismatch={mismatch ? mismatch.wanted : ''}
    >
      <div className="line-head">
        <span className="line-label">{line.label}</span>
        <span className="line-name">{line.name}</span>
      </div>
      <div className="line-body">
        <span className={`value value-${line.value ?? 'x'}`} data-testid={`line-${line.name}-value`}>
          {label(line.value)}
        </span>
        {unknown ? (
          <span className="pending unknown" data-testid={`line-${line.name}-unknown`}>
            → {label(unknown.value)}? no answer from the hardware since {clock(unknown.since)} — outcome
            unknown
          </span>
        ) : pending ? (
          <span className="pending">→ {label(line.pending)}…</span>
        ) : null}
        {line.direction === 'out' ? (
          <button
            type="button"
            role="switch"
            aria-checked={line.value === 1}
            aria-label={line.label}
            data-testid={`line-${line.name}-toggle`}
            disabled={!canOperate || pending}
            onClick={() => onSet(line.pulseMs ? 1 : next)}
          >
            {line.pulseMs ? 'Pulse' : line.value === 1 ? 'Turn off' : 'Turn on'}
          </button>
        ) : null}
      </div>
      <div className="line-meta">
        {line.lastChangedBy ? (
          <span data-testid={`line-${line.name}-by`}>
            {line.lastChangedBy.user} at {clock(line.lastChangedBy.at)}
            {line.lastChangedBy.late ? ' · applied late' : ''}
          </span>
        ) : (
          <span>never changed</span>
        )}
        {line.failsafe ? <span className="tag">failsafe → {line.safeValue}</span> : null}
        {mismatch ? (
          <span className="fault" data-testid={`line-${line.name}-mismatch`}>
            written {label(mismatch.wanted)} but reads {label(line.value)}
          </span>
        ) : line.fault ? (
          <span className="fault">{line.fault.message}</span>
        ) : null}
      </div>
    </li>
  );
}
