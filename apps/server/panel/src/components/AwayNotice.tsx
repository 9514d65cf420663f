import { mergeActivity } from '../data/activity-merge.js';
import type { AwayNotice as Notice } from '../hooks/useActivity.js';
import { ActivityRow } from './ActivityFeed.js';
import { clock } from './time.js';

/** "While you were away": what the audit log holds from the moment this panel lost the board. */
export function AwayNotice({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  if (!notice) return null;
  const lines = mergeActivity(notice.items);
  return (
    <section className="card away" role="status" data-testid="away-notice" aria-labelledby="away-title">
      <h2 id="away-title">
        While you were away ({clock(notice.from)} – {clock(notice.to)})
      </h2>
      {lines.length === 0 ? (
        <p className="muted">Nothing changed on the board.</p>
      ) : (
        <ol className="feed">
          {lines.map((l) => (
            <ActivityRow key={l.id} line={l} testId="away-item" />
          ))}
        </ol>
      )}
      <button type="button" className="btn" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
