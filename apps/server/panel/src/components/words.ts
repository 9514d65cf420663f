import type { LineState, LineValue } from '../data/types.js';

// A line's values in the board file's own words ("Closed"/"Open"), else ON/OFF.

type Words = Pick<LineState, 'states'>;

export function valueWord(line: Words | undefined, v: LineValue | null): string {
  if (v === null) return 'Unknown';
  const states = line?.states;
  if (states) return v === 1 ? states.on : states.off;
  return v === 1 ? 'ON' : 'OFF';
}

/** "Goes OFF if its operator drops": what the failsafe does, in the line's words. */
export function failsafeText(line: LineState): string {
  return `Goes ${valueWord(line, line.safeValue)} if its operator drops`;
}

/** What a person calls the kinds of connection the server counts. */
export const transportWords: Record<string, [one: string, many: string]> = {
  ws: ['browser tab', 'browser tabs'],
  sse: ['event stream', 'event streams'],
  http: ['API client', 'API clients'],
};

/** "2 browser tabs, API client": what a user is connected with, in plain words. */
export function describeDevices(connections: readonly { transport: string }[]): string {
  const counts = new Map<string, number>();
  for (const c of connections) counts.set(c.transport, (counts.get(c.transport) ?? 0) + 1);
  return [...counts]
    .map(([kind, n]) => {
      const [one, many] = transportWords[kind] ?? [kind, kind];
      return n > 1 ? `${n} ${many}` : one;
    })
    .join(', ');
}
