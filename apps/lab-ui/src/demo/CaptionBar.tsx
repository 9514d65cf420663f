import type { CaptionEvent, LabEvent } from '../data/types.js';

/** The captions of the latest demo run: from its last step 1 on. */
export function latestCaptions(events: readonly LabEvent[]): CaptionEvent[] {
  const all = events.filter((e): e is CaptionEvent => e.type === 'caption');
  const start = all.findLastIndex((c) => c.step === 1);
  return start < 0 ? all : all.slice(start);
}

/** The narration: every step so far, the newest one large, each with the times it quotes. */
export function CaptionBar({ events, running }: { events: readonly LabEvent[]; running: boolean }) {
  const captions = latestCaptions(events);
  if (!captions.length && !running) return null;
  const current = captions.at(-1);
  return (
    <section className="captions" aria-label="Demo" aria-live="polite">
      <header className="section-head">
        <h2>Demo</h2>
        <span className="muted small">
          {current ? `step ${current.step} of ${current.steps}` : 'setting the scene…'}
          {running ? '' : ' · finished'}
        </span>
      </header>
      <ol className="caption-list">
        {captions.slice(0, -1).map((c) => (
          <li key={c.step} data-testid="caption" data-step={c.step} value={c.step}>
            {c.text}
          </li>
        ))}
        {current && (
          <li className="current" data-testid="caption" data-step={current.step} value={current.step}>
            {current.text}
          </li>
        )}
      </ol>
    </section>
  );
}
