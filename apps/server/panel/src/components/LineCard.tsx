import type { LineState, LineValue } from '../data/types.js';
import { Ago } from './Ago.js';
import { ShieldIcon } from './icons.js';
import { clock, span } from './time.js';
import { failsafeText, valueWord } from './words.js';

interface Props {
  line: LineState;
  /** Why this user may not switch the line now (null: they may). */
  blockedBy: string | null;
  now: number;
  /** When this panel first saw the line's pending value (for the elapsed time). */
  pendingSince: number | null;
  onSet: (value: LineValue) => void;
}

type Kind = 'switch' | 'pulse' | 'sensor';

function kindOf(line: LineState): Kind {
  return line.direction === 'in' ? 'sensor' : line.pulseMs ? 'pulse' : 'switch';
}

const kindLabel: Record<Kind, string> = { switch: 'Switch', pulse: 'Pulse', sensor: 'Sensor' };

/**
 * One line as a tile: the value the hardware reads back (in the board file's words), the value
 * being applied and for how long, an outcome the hardware has not given, a write the line does
 * not hold, who changed it and when, and the one action this user may take (or why not).
 */
export function LineCard({ line, blockedBy, now, pendingSince, onSet }: Props) {
  const kind = kindOf(line);
  const pending = line.pending !== null;
  const unknown = line.unknown ?? null;
  const mismatch = line.mismatch ?? null;
  const fault = line.value === null || !!mismatch || !!line.fault;
  const pulsing = kind === 'pulse' && (line.value === 1 || line.pending === 1);
  const word = (v: LineValue | null) => valueWord(line, v);
  const tone = unknown ? 'unknown' : pending ? 'pending' : fault ? 'fault' : line.value === 1 ? 'on' : 'off';
  const reasonId = `line-${line.name}-reason`;
  const disabledWhy = blockedBy ?? (pending ? 'Waiting for the hardware to answer' : null);
  // aria-disabled, not disabled: the button keeps the keyboard focus while its command runs, and
  // a screen reader reaching it hears why it is off (its description).
  const off = disabledWhy !== null;
  const act = (v: LineValue) => {
    if (!off) onSet(v);
  };
  return (
    <li
      className={`tile tile-${tone} line-${line.direction}`}
      data-testid={`line-${line.name}`}
      data-value={line.value ?? ''}
      data-pending={line.pending ?? ''}
      data-unknown={unknown ? unknown.value : ''}
      data-mismatch={mismatch ? mismatch.wanted : ''}
    >
      <div className="tile-head">
        <h3 className="tile-label" id={`line-${line.name}-label`}>
          {line.label}
        </h3>
        <span className="badge">{kindLabel[kind]}</span>
      </div>
      <p className="tile-state" data-testid={`line-${line.name}-value`}>
        {pulsing ? (line.value === 1 ? `${word(1)} — pulsing` : word(line.value)) : word(line.value)}
      </p>
      {pulsing && line.value === 1 && line.pulseMs ? (
        <div
          className="pulse-bar"
          role="presentation"
          style={{ ['--pulse-ms' as string]: `${line.pulseMs}ms` }}
        >
          <span />
        </div>
      ) : null}
      {unknown ? (
        <p className="tile-note tile-note-warn" data-testid={`line-${line.name}-unknown`}>
          Asked for {word(unknown.value)} at {clock(unknown.since)} — no answer from the hardware, outcome
          unknown
        </p>
      ) : pending ? (
        <p className="tile-note tile-note-warn" data-testid={`line-${line.name}-pending`}>
          {kind === 'pulse' ? 'Pulsing' : `Turning ${word(line.pending)}`}…{' '}
          {pendingSince !== null ? <span className="elapsed">{span(now - pendingSince)}</span> : null}
        </p>
      ) : null}
      {mismatch ? (
        <p className="tile-note tile-note-bad" data-testid={`line-${line.name}-mismatch`}>
          Set to {word(mismatch.wanted)}, but the line reads {word(line.value)}
        </p>
      ) : line.fault ? (
        <p className="tile-note tile-note-bad">{line.fault.message}</p>
      ) : null}
      <p className="tile-meta">
        {line.lastChangedBy ? (
          <span data-testid={`line-${line.name}-by`}>
            {kind === 'sensor' ? 'Changed' : `By ${line.lastChangedBy.user}`}{' '}
            <Ago at={line.lastChangedBy.at} now={now} />
            {line.lastChangedBy.late ? ' · applied late' : ''}
          </span>
        ) : (
          <span>{kind === 'sensor' ? 'No change seen yet' : 'Not switched yet'}</span>
        )}
      </p>
      {line.failsafe ? (
        <p className="tile-failsafe" data-testid={`line-${line.name}-failsafe`}>
          <ShieldIcon />
          {failsafeText(line)}
        </p>
      ) : null}
      {kind !== 'sensor' ? (
        <div className="tile-action">
          {kind === 'pulse' ? (
            <button
              type="button"
              className="btn"
              data-testid={`line-${line.name}-toggle`}
              aria-describedby={disabledWhy ? reasonId : undefined}
              aria-disabled={off || undefined}
              onClick={() => act(1)}
            >
              Pulse {line.pulseMs ? `${(line.pulseMs / 1000).toLocaleString()} s` : ''}
            </button>
          ) : (
            <button
              type="button"
              role="switch"
              className={line.value === 1 ? 'btn' : 'btn btn-primary'}
              aria-checked={line.value === 1}
              aria-labelledby={`line-${line.name}-label line-${line.name}-action`}
              aria-describedby={disabledWhy ? reasonId : undefined}
              data-testid={`line-${line.name}-toggle`}
              aria-disabled={off || undefined}
              onClick={() => act(line.value === 1 ? 0 : 1)}
            >
              <span id={`line-${line.name}-action`}>Turn {word(line.value === 1 ? 0 : 1)}</span>
            </button>
          )}
          {disabledWhy ? (
            <span className="reason" id={reasonId}>
              {disabledWhy}
            </span>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}
