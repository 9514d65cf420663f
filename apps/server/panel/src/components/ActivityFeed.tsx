import type { ActivityItem } from '../data/types.js';
import { clock } from './time.js';

export function ActivityFeed({ items }: { items: ActivityItem[] }) {
  return (
    <section className="card" data-testid="activity" aria-label="Activity">
      <h2>Activity</h2>
      <ol className="feed">
        {items.map((i) => (
          <li key={i.id} className={`feed-${i.kind}`} data-testid="activity-item">
            <time>{clock(i.at)}</time> <strong>{i.who}</strong> {i.text}
            {i.from ? <span className="muted"> from {i.from}</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
