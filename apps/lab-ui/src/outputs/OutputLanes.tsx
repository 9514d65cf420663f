import { segmentLabel, type OutputLane } from './lanes.js';

interface Props {
  lanes: readonly OutputLane[];
  from: number;
  to: number;
  /** Height of one lane in px (matches the client lanes above). */
  height: number;
}

/** The tracks of the output lanes (the labels are rendered with the client lanes' labels). */
export function OutputTracks({ lanes, from, to, height }: Props) {
  const span = Math.max(1, to - from);
  const pct = (t: number) => `${((Math.min(Math.max(t, from), to) - from) / span) * 100}%`;
  return (
    <div className="output-tracks" data-testid="output-tracks">
      {lanes.map((l) => (
        <div key={l.name} className="output-track" style={{ height }} data-line={l.name}>
          {l.segments
            .filter((s) => (s.to ?? to) >= from && s.from <= to)
            .map((s) => {
              const end = s.to ?? to;
              return (
                <div
                  key={s.from}
                  className={`seg v${s.value}${s.failsafeFor ? ' failsafe' : ''}`}
                  style={{ left: pct(s.from), width: `calc(${pct(end)} - ${pct(s.from)})` }}
                  title={`${l.name} ${segmentLabel(s)} at ${new Date(s.from).toLocaleTimeString()}`}
                  data-value={s.value}
                >
                  <i className="wave" aria-hidden />
                  <span className="seg-label">{segmentLabel(s)}</span>
                </div>
              );
            })}
        </div>
      ))}
    </div>
  );
}

/** Labels for the output lanes, in the client lanes' label column. */
export function OutputLabels({ lanes, height }: { lanes: readonly OutputLane[]; height: number }) {
  return (
    <>
      {lanes.map((l) => {
        const now = l.segments.at(-1);
        return (
          <li key={l.name} className="lane-label output-label" style={{ height }} data-testid="output-lane">
            <span className="lane-name">
              <strong>{l.name}</strong>
            </span>
            <span className={`badge ${now?.value ? 'on' : 'off'}`}>{now?.value ? 'ON' : 'OFF'}</span>
          </li>
        );
      })}
    </>
  );
}
