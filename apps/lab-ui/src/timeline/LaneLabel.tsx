import { describeMarker, fmtMs, laneSummary, type Lane } from './model.js';

/** The DOM header of one lane: who it is, its state, and its latest detection at a glance. */
export function LaneLabel({ lane, height }: { lane: Lane; height: number }) {
  const { dead, suspect, told } = laneSummary(lane);
  const notified = lane.markers.filter((m) => m.type === 'notified');
  const lastTold = notified[notified.length - 1];
  const about = [...new Set(notified.map((m) => (m.type === 'notified' ? m.aboutClientId : '')))];
  return (
    <li
      className={`lane-label state-${lane.state ?? 'unknown'}${lane.removed ? ' removed' : ''}`}
      style={{ height }}
      data-testid="lane"
      data-lane={lane.id}
    >
      <span className="lane-name">
        <span className="state-dot" aria-hidden />
        <strong>{lane.id}</strong>
        <span className="muted">
          {' '}
          {/* a run's events may not say what a pre-existing client was */}
          {[lane.kind, lane.user].filter(Boolean).join(' · ')}
        </span>
      </span>
      <span className="lane-badges">
        {dead && (
          <span className="badge dead" data-marker="offline" title={describeMarker(dead)}>
            ✕ {fmtMs(dead.latencyMs)}
          </span>
        )}
        {!dead && suspect && (
          <span className="badge suspect" data-marker="suspect" title={describeMarker(suspect)}>
            ◆ {fmtMs(suspect.latencyMs)}
          </span>
        )}
        {told > 0 && lastTold && (
          <span
            className="badge notified"
            data-marker="notified"
            title={notified.map(describeMarker).join('\n')}
          >
            ● told about {about.length === 1 ? about[0] : `${about.length} clients`}
          </span>
        )}
      </span>
    </li>
  );
}
