import { mergeActivity, type ActivityLine } from '../data/activity-merge.js';
import type { ActivityItem } from '../data/types.js';
import { clock, fullTime } from './time.js';

/** One line of the feed: time, who (when a person did it) and what happened, in plain words. */
export function ActivityRow({ line, testId }: { line: ActivityLine; testId: string }) {
  return (
    <li className={`feed-${line.kind}`} data-testid={testId}>
      <time title={fullTime(line.at)}>{clock(line.at)}</time>
      <span>
        {line.who ? <strong>{line.who}</strong> : null}
        {line.who ? ' ' : null}
        {line.text}
      </span>
    </li>
  );
}

export function ActivityFeed({ items }: { items: ActivityItem[] }) {
  const lines = mergeActivity(items);
  return (
    <section className="card" data-testid="activity" aria-labelledby="activity-title">
      <div className="card-head">
        <h2 id="activity-title">Activity</h2>
        <span className="muted">Newest first</span>
      </div>
      {lines.length === 0 ? (
        <p className="empty" data-testid="activity-empty">
          <strong>Nothing has happened yet.</strong>
          Switches, control changes and people coming and going will appear here as they happen.
        </p>
      ) : (
        <ol className="feed" tabIndex={0} aria-label="Activity, newest first">
          {lines.map((l) => (
            <ActivityRow key={l.id} line={l} testId="activity-item" />
          ))}
        </ol>
      )}
    </section>
  );
}
