import { useEffect, useState, type KeyboardEvent, type PointerEvent } from 'react';

const KEY = 'pulseboard-lab:side-width';
const MIN = 300;

/** The side column's width (the editor, runs, panel): dragged wider, remembered across reloads. */
export function useSideWidth(initial = 400) {
  const [width, setWidth] = useState(() => Number(localStorage.getItem(KEY)) || initial);
  useEffect(() => localStorage.setItem(KEY, String(Math.round(width))), [width]);
  const clamp = (w: number) => Math.round(Math.min(Math.max(MIN, w), window.innerWidth * 0.65));
  return { width: clamp(width), setWidth: (w: number) => setWidth(clamp(w)) };
}

/** A vertical handle between the centre and the side column: drag, or arrow keys, to resize. */
export function Splitter({ width, onWidth }: { width: number; onWidth: (w: number) => void }) {
  const [drag, setDrag] = useState<{ x: number; w: number } | undefined>(undefined);
  const down = (e: PointerEvent<HTMLDivElement>) => {
    e.currentTarget.setPointerCapture?.(e.pointerId);
    setDrag({ x: e.clientX, w: width });
  };
  // The side column is on the right: dragging left makes it wider.
  const move = (e: PointerEvent<HTMLDivElement>) => drag && onWidth(drag.w + (drag.x - e.clientX));
  const key = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowLeft') onWidth(width + 40);
    else if (e.key === 'ArrowRight') onWidth(width - 40);
  };
  return (
    <div
      className={`splitter${drag ? ' dragging' : ''}`}
      role="separator"
      aria-orientation="vertical"
      aria-label="Resize the side column"
      aria-valuenow={width}
      tabIndex={0}
      onPointerDown={down}
      onPointerMove={move}
      onPointerUp={() => setDrag(undefined)}
      onPointerCancel={() => setDrag(undefined)}
      onKeyDown={key}
    />
  );
}
