import { useState } from 'react';
import type { LabApi } from '../data/api.js';
import type { Capabilities, Fault, FaultKind, FaultParams, Fidelity } from '../data/types.js';
import { expectedFidelity, refusedReason, SIMPLE_FAULTS } from './catalog.js';
import { FidelityTag } from './FidelityTag.js';
import { useAction } from '../useAction.js';

type Api = Pick<LabApi, 'applyFault' | 'healFault' | 'healAll'>;

interface Props {
  targets: readonly string[];
  capabilities: Capabilities;
  /** Faults in force, to enable "heal selected" / "heal all". */
  faults: readonly Fault[];
  reported: ReadonlyMap<FaultKind, Fidelity>;
  api: Api;
  onError: (err: unknown) => void;
  /** A fault applied or healed: an earlier failure no longer holds. */
  onSuccess?: () => void;
}

/** Buttons that apply a fault to the selected clients, each labelled with its fidelity. */
export function FaultControls({ targets, capabilities, faults, reported, api, onError, onSuccess }: Props) {
  const { busy, act: run } = useAction(onError, onSuccess);
  const [percent, setPercent] = useState('10');
  const [delayMs, setDelayMs] = useState('80');
  const [jitterMs, setJitterMs] = useState('40');
  const [rateKbit, setRateKbit] = useState('256');
  const [durationS, setDurationS] = useState('');

  const none = targets.length === 0;
  const touching = faults.filter((f) => f.targets.some((t) => targets.includes(t)));
  const duration = durationS.trim() === '' ? undefined : Number(durationS) * 1000;
  const durationOk = duration === undefined || (Number.isFinite(duration) && duration > 0);

  const apply = (kind: FaultKind, params?: FaultParams) =>
    run(() =>
      api.applyFault({
        kind,
        targets: [...targets],
        ...(params ? { params } : {}),
        ...(duration !== undefined ? { durationMs: duration } : {}),
      }),
    );
  const tag = (kind: FaultKind) => {
    const r = reported.get(kind);
    return <FidelityTag fidelity={r ?? expectedFidelity(kind, capabilities)} confirmed={r !== undefined} />;
  };
  const num = (s: string, min: number, max: number) => {
    const n = Number(s);
    return s.trim() !== '' && Number.isFinite(n) && n >= min && n <= max ? n : undefined;
  };
  const pct = num(percent, 0, 100);
  const delay = num(delayMs, 0, 60_000);
  const jitter = num(jitterMs, 0, 60_000);
  const rate = num(rateKbit, 1, 10_000_000);
  const off = busy || none || !durationOk;

  return (
    <section className="fault-controls" aria-label="Fault controls">
      <header className="section-head">
        <h2>Faults</h2>
        <span className="muted" data-testid="fault-targets">
          {none ? 'select clients to aim at' : `→ ${targets.join(', ')}`}
        </span>
      </header>
      <div className="fault-grid">
        {SIMPLE_FAULTS.map((f) => {
          const refused = refusedReason(f.kind, capabilities);
          return (
            <button
              key={f.kind}
              type="button"
              title={refused ?? f.help}
              disabled={off || refused !== undefined}
              onClick={() => apply(f.kind)}
            >
              {f.label} {refused ? <span className="muted">(refused)</span> : tag(f.kind)}
            </button>
          );
        })}
      </div>
      <div className="fault-params">
        <label>
          Loss{' '}
          <input
            aria-label="Loss percent"
            value={percent}
            onChange={(e) => setPercent(e.target.value)}
            size={4}
          />{' '}
          %
        </label>
        <button
          type="button"
          disabled={off || pct === undefined}
          onClick={() => apply('loss', { percent: pct })}
        >
          Apply loss {tag('loss')}
        </button>
        <label>
          Delay{' '}
          <input
            aria-label="Delay ms"
            value={delayMs}
            onChange={(e) => setDelayMs(e.target.value)}
            size={5}
          />{' '}
          ±{' '}
          <input
            aria-label="Jitter ms"
            value={jitterMs}
            onChange={(e) => setJitterMs(e.target.value)}
            size={4}
          />{' '}
          ms
        </label>
        <button
          type="button"
          disabled={
            off ||
            delay === undefined ||
            jitter === undefined ||
            refusedReason('delay', capabilities) !== undefined
          }
          title={refusedReason('delay', capabilities)}
          onClick={() => apply('delay', { delayMs: delay, jitterMs: jitter })}
        >
          Apply delay{' '}
          {refusedReason('delay', capabilities) ? <span className="muted">(refused)</span> : tag('delay')}
        </button>
        <label>
          Bandwidth{' '}
          <input
            aria-label="Bandwidth kbit/s"
            value={rateKbit}
            onChange={(e) => setRateKbit(e.target.value)}
            size={6}
          />{' '}
          kbit/s
        </label>
        <button
          type="button"
          disabled={off || rate === undefined}
          onClick={() => apply('bandwidth', { rateKbit: rate })}
        >
          Apply bandwidth {tag('bandwidth')}
        </button>
        <label>
          Heal after{' '}
          <input
            aria-label="Heal after seconds"
            placeholder="never"
            value={durationS}
            onChange={(e) => setDurationS(e.target.value)}
            size={5}
            aria-invalid={!durationOk}
          />{' '}
          s
        </label>
      </div>
      <div className="fault-heal">
        <button
          type="button"
          disabled={busy || touching.length === 0}
          onClick={() => run(() => Promise.all(touching.map((f) => api.healFault(f.id))))}
        >
          Heal selected
        </button>
        <button type="button" disabled={busy || faults.length === 0} onClick={() => run(() => api.healAll())}>
          Heal all
        </button>
      </div>
    </section>
  );
}
