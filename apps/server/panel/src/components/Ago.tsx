import { ago, fullTime } from './time.js';

/** "2 min ago", with the absolute date and time on hover and for assistive technology. */
export function Ago({ at, now }: { at: number; now: number }) {
  return (
    <time dateTime={new Date(at).toISOString()} title={fullTime(at)}>
      {ago(at, now)}
    </time>
  );
}
