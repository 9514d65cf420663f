import type { StreamStatus } from './data/stream.js';

/** Title, connection to the lab, projector toggle and the session's exports. */
export function TopBar({
  status,
  projector,
  onToggleProjector,
  onExportJson,
  onExportCsv,
  onClear,
  controls,
  onToggleControls,
  onDemo,
  demoRunning = false,
}: {
  status: StreamStatus;
  projector: boolean;
  onToggleProjector: () => void;
  onExportJson: () => void;
  onExportCsv: () => void;
  onClear: () => void;
  controls?: boolean;
  /** Offered on the projector, where the controls column is hidden by default. */
  onToggleControls?: () => void;
  /** Start the narrated demo in the presenter layout. */
  onDemo?: () => void;
  demoRunning?: boolean;
}) {
  return (
    <header className="top-bar">
      <h1>Pulseboard lab</h1>
      <span className={`conn ${status}`} role="status" data-testid="stream-status">
        {status === 'open' ? 'live' : status}
      </span>
      <span className="spacer" />
      {onDemo && (
        <button
          type="button"
          className="primary"
          disabled={demoRunning}
          onClick={onDemo}
          title="Start a cast of clients and play the story: operator drops, everyone sees it, the pump goes safe"
        >
          {demoRunning ? 'Demo running…' : 'Run the demo'}
        </button>
      )}
      {onToggleControls && (
        <button type="button" aria-pressed={controls} onClick={onToggleControls}>
          Controls
        </button>
      )}
      <button type="button" onClick={onExportJson}>
        Export JSON
      </button>
      <button type="button" onClick={onExportCsv}>
        Export CSV
      </button>
      <button type="button" onClick={onClear} title="Forget events so far (the lab keeps running)">
        Clear timeline
      </button>
      <button type="button" aria-pressed={projector} onClick={onToggleProjector}>
        Projector mode
      </button>
    </header>
  );
}
