import { useState } from 'react';
import type { BoardLine, BoardState, HardwareFault } from '../data/types.js';

// The simulated board drawn as parts: each output a relay with its lamp, each input a button
// or a contact you can press. Live from the board's own state; pressing an input drives it on
// the sim driver, so every panel sees it exactly as if someone pressed the real thing.

type FaultChoice = 'ok' | 'stuck' | 'error';

interface Props {
  state: BoardState | undefined;
  busy: boolean;
  onInput: (line: string, value: 0 | 1) => void;
  onHardwareFault: (line: string, fault: HardwareFault | null) => void;
}

/** "Emergency stop button" is pressed or released; "Door closed" is a contact, closed or open. */
const isButton = (l: BoardLine) => /button|stop|push/i.test(`${l.name} ${l.label}`);

export function inputWords(l: BoardLine): string {
  if (l.value === null) return 'unknown';
  if (isButton(l)) return l.value ? 'pressed' : 'released';
  return l.value ? 'closed' : 'open';
}

export function outputWords(l: BoardLine): string {
  if (l.value === null) return 'unknown';
  return l.value ? 'ON' : 'OFF';
}

function Lamp({ on }: { on: boolean }) {
  return (
    <svg className="part-icon" viewBox="0 0 28 28" aria-hidden="true">
      {on && <circle cx="14" cy="12" r="11" className="lamp-glow" />}
      <circle cx="14" cy="12" r="7" className={on ? 'lamp on' : 'lamp'} />
      <path d="M10 21h8M11 24h6" className="part-stroke" />
    </svg>
  );
}

function Relay({ closed }: { closed: boolean }) {
  return (
    <svg className="part-icon" viewBox="0 0 28 28" aria-hidden="true">
      <rect x="2" y="6" width="10" height="16" rx="2" className="part-stroke" fill="none" />
      <path d="M5 10l4 8" className="part-stroke" />
      <circle cx="16" cy="20" r="1.8" className="part-dot" />
      <circle cx="25" cy="20" r="1.8" className="part-dot" />
      <path d={closed ? 'M16 20L25 20' : 'M16 20L24 13'} className="part-stroke contact" />
    </svg>
  );
}

function InputPart({ line }: { line: BoardLine }) {
  const on = line.value === 1;
  if (isButton(line))
    return (
      <svg className="part-icon" viewBox="0 0 28 28" aria-hidden="true">
        <rect x="4" y="16" width="20" height="8" rx="2" className="part-stroke" fill="none" />
        <ellipse cx="14" cy={on ? 15 : 11} rx="9" ry="5" className="estop" />
      </svg>
    );
  return (
    <svg className="part-icon" viewBox="0 0 28 28" aria-hidden="true">
      <circle cx="5" cy="18" r="1.8" className="part-dot" />
      <circle cx="23" cy="18" r="1.8" className="part-dot" />
      <path d={on ? 'M5 18L23 18' : 'M5 18L21 9'} className="part-stroke contact" />
    </svg>
  );
}

function FaultPicker({
  line,
  busy,
  onChange,
}: {
  line: BoardLine;
  busy: boolean;
  onChange: (c: FaultChoice) => void;
}) {
  const [choice, setChoice] = useState<FaultChoice>('ok');
  return (
    <select
      aria-label={`hardware fault on ${line.name}`}
      className={choice === 'ok' ? 'hw-fault' : 'hw-fault on'}
      value={choice}
      disabled={busy}
      title="Inject a hardware fault on this line"
      onChange={(e) => {
        const c = e.target.value as FaultChoice;
        setChoice(c);
        onChange(c);
      }}
    >
      <option value="ok">working</option>
      <option value="stuck">stuck line</option>
      <option value="error">driver error</option>
    </select>
  );
}

export function BoardParts({ state, busy, onInput, onHardwareFault }: Props) {
  if (!state) return null;
  const lock = state.locks[0];
  const setFault = (name: string) => (c: FaultChoice) =>
    onHardwareFault(name, c === 'ok' ? null : c === 'stuck' ? { kind: 'stuck' } : { kind: 'error' });
  return (
    <div className="board-parts" aria-label="Board parts">
      <div className="muted small">
        {state.board} board, simulated in software · control lock:{' '}
        <strong data-testid="board-lock">{lock ? `held by ${lock.user}` : 'free'}</strong>
      </div>
      <ul className="parts">
        {state.lines.map((l) => (
          <li key={l.name} className={`part ${l.direction}`} data-line={l.name}>
            {l.direction === 'out' ? (
              <>
                {l.name === 'lights' || /lamp|light/i.test(l.label) ? (
                  <Lamp on={l.value === 1} />
                ) : (
                  <Relay closed={l.value === 1} />
                )}
                <span className="part-label" title={l.name}>
                  {l.label}
                </span>
                <span className={`part-value ${l.value ? 'on' : 'off'}`} data-testid={`value-${l.name}`}>
                  {outputWords(l)}
                </span>
                <span className="muted small part-by">
                  {[
                    l.lastChangedBy ? `by ${l.lastChangedBy.user}` : '',
                    l.failsafe ? `safe ${l.safeValue ? 'ON' : 'OFF'}` : '',
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
              </>
            ) : (
              <>
                <InputPart line={l} />
                <span className="part-label" title={l.name}>
                  {l.label}
                </span>
                <button
                  type="button"
                  className="part-press"
                  aria-pressed={l.value === 1}
                  aria-label={`${l.label}: ${inputWords(l)}, click to change`}
                  disabled={busy || l.value === null}
                  onClick={() => onInput(l.name, l.value ? 0 : 1)}
                  data-testid={`value-${l.name}`}
                >
                  {inputWords(l)}
                </button>
                <span />
              </>
            )}
            <FaultPicker line={l} busy={busy} onChange={setFault(l.name)} />
            {l.fault && (
              <span className="part-fault" role="note">
                {l.fault.message}
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
