import { useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { faultStories, fmtT, storyTimes, type FaultStory } from '@pulseboard/netlab/report/story';
import {
  defaultWindow,
  storyLayoutFor,
  storySvg,
  type StoryWindow,
} from '@pulseboard/netlab/report/story-svg';
import type { LabEvent } from '../data/types.js';

interface Props {
  events: readonly LabEvent[];
  /** Projector: drawn larger (fewer units per pixel), like the rest of the page. */
  projector?: boolean;
}

/** The headline under the story: what a presenter says out loud. */
export function storyCaption(s: FaultStory): string {
  const t = storyTimes(s);
  const dead = s.steps.find((x) => x.kind === 'dead');
  // Clients, not notifications: one told "suspect" then "dead" is one client told.
  const told = new Set(s.steps.filter((x) => x.kind === 'told').map((x) => x.who)).size;
  const safe = s.steps.filter((x) => x.kind === 'safe').length;
  const parts = [
    dead
      ? `declared dead at ${fmtT(dead.dt)} (${dead.text.replace(/^.*\((.*)\)$/, '$1')})`
      : 'not declared dead',
    told ? `${told} other client${told === 1 ? '' : 's'} told by ${fmtT(t.toldMs!)}` : undefined,
    safe ? `${safe} output${safe === 1 ? '' : 's'} back to safe by ${fmtT(t.safeMs!)}` : undefined,
  ];
  return parts.filter(Boolean).join(' · ');
}

const faultLabel = (s: FaultStory) =>
  `${new Date(s.startedAt).toLocaleTimeString()} · ${s.kind} · ${s.users.join(', ') || s.targets.join(', ')}`;

/**
 * The fault story, T−1 s to T+3 s around a fault: follows the newest fault while live; pause
 * freezes it, dragging across the chart zooms in, "Back to live" returns to the newest fault.
 */
export function StoryView({ events, projector = false }: Props) {
  const stories = useMemo(() => faultStories(events), [events]);
  const [pinned, setPinned] = useState<FaultStory | undefined>(undefined);
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const [zoom, setZoom] = useState<StoryWindow | undefined>(undefined);
  const [drag, setDrag] = useState<{ x0: number; x1: number; left: number } | undefined>(undefined);
  const hostRef = useRef<HTMLDivElement | null>(null);
  const [width, setWidth] = useState<number | undefined>(undefined);
  const hasStory = stories.length > 0;
  // Drawn at the chart's own pixel width, so its text stays readable in a narrow column.
  useEffect(() => {
    const el = hostRef.current;
    if (!el) return;
    const measure = () => el.clientWidth > 0 && setWidth(el.clientWidth / (projector ? 1.5 : 1));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [hasStory, projector]);

  const latest = stories.at(-1);
  const story = pinned ?? (picked ? stories.find((s) => s.faultId === picked) : undefined) ?? latest;
  const live = !pinned && !picked && !zoom;
  const w = zoom ?? defaultWindow;
  const svg = useMemo(() => (story ? storySvg(story, w, width) : ''), [story, w, width]);
  const layout = storyLayoutFor(width);

  /** Pointer x (client px) -> ms after the fault, through the SVG's own layout. */
  const toDt = (clientX: number): number => {
    const r = hostRef.current!.getBoundingClientRect();
    const fx = ((clientX - r.left) / Math.max(1, r.width)) * layout.width;
    const plotW = layout.width - layout.left - layout.right;
    return w.from + ((fx - layout.left) / plotW) * (w.to - w.from);
  };
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture?.(e.pointerId);
    setDrag({ x0: e.clientX, x1: e.clientX, left: e.currentTarget.getBoundingClientRect().left });
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => drag && setDrag({ ...drag, x1: e.clientX });
  const onUp = () => {
    if (!drag || !story) return setDrag(undefined);
    const [a, b] = [toDt(Math.min(drag.x0, drag.x1)), toDt(Math.max(drag.x0, drag.x1))];
    setDrag(undefined);
    if (Math.abs(drag.x1 - drag.x0) < 6 || b - a < 20) return;
    setPinned(story); // a zoomed story must not be swapped for the next fault under the cursor
    setZoom({ from: Math.round(a), to: Math.round(b) });
  };
  const backToLive = () => {
    setPinned(undefined);
    setPicked(undefined);
    setZoom(undefined);
  };

  return (
    <section className="story-view" aria-label="Fault story">
      <header className="section-head">
        <h2>Fault story</h2>
        <select
          aria-label="Fault"
          value={story && !live ? story.faultId : ''}
          onChange={(e) => {
            setPinned(undefined);
            setZoom(undefined);
            setPicked(e.target.value || undefined);
          }}
        >
          <option value="">newest fault (live)</option>
          {stories.map((s) => (
            <option key={s.faultId} value={s.faultId}>
              {faultLabel(s)}
            </option>
          ))}
        </select>
        <button
          type="button"
          aria-pressed={!!pinned}
          disabled={!story}
          onClick={() => setPinned(pinned ? undefined : story)}
        >
          {pinned ? 'Resume' : 'Pause'}
        </button>
        <button type="button" disabled={!zoom} onClick={() => setZoom(undefined)}>
          Zoom out
        </button>
        <button type="button" className={live ? '' : 'primary'} disabled={live} onClick={backToLive}>
          Back to live
        </button>
        <span className="muted small" data-testid="story-mode">
          {live ? 'live' : pinned ? 'paused' : 'picked'} · {fmtT(w.from)} to {fmtT(w.to)}
        </span>
      </header>
      {story ? (
        <>
          <p className="story-caption" data-testid="story-caption">
            <strong>
              {story.kind} on {story.users.join(', ') || story.targets.join(', ')}
            </strong>{' '}
            — {storyCaption(story)}
          </p>
          <div
            className="story-chart"
            ref={hostRef}
            data-testid="story-chart"
            title="Drag across the chart to zoom in"
            onPointerDown={onDown}
            onPointerMove={onMove}
            onPointerUp={onUp}
            onPointerCancel={() => setDrag(undefined)}
          >
            <div dangerouslySetInnerHTML={{ __html: svg }} />
            {drag && (
              <div
                className="story-drag"
                style={{
                  left: Math.min(drag.x0, drag.x1) - drag.left,
                  width: Math.abs(drag.x1 - drag.x0),
                }}
              />
            )}
          </div>
        </>
      ) : (
        <p className="muted">
          No fault yet. Pull a client&apos;s cable (Faults) and the story of what the server noticed appears
          here: fault, suspect, dead, everyone told, outputs back to safe.
        </p>
      )}
    </section>
  );
}
