import type { AwayNotice as Notice } from '../hooks/useActivity.js';
import { clock } from './time.js';

/** "While you were away": what the audit log holds from the moment this panel lost the board. */
export function AwayNotice({ notice, onDismiss }: { notice: Notice | null; onDismiss: () => void }) {
  if (!notice) return null;
  return (
    <section className="card away" role="status" data-testid="away-notice" aria-label="While you were away">
      <h2>
        While you were away ({clock(notice.from)} – {clock(notice.to)})
      </h2>
      {notice.items.length === 0 ? (
        <p>Nothing changed on the board.</p>
      ) : (
        <ol className="feed">
          {notice.items.map((i) => (
            <li key={i.id} className={`feed-${i.kind}`} data-testid="away-item">
              <time>{clock(i.at)}</time> <strong>{i.who}</strong> {i.text}
            </li>
          ))}
        </ol>
      )}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
