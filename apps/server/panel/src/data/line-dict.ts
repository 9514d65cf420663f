import { valueWord } from '../components/words.js';
import type { LineState, LineValue } from './types.js';

/** What the feed needs to name lines and values as the board file does (from the hello snapshot). */
export type LineDict = ReadonlyMap<string, Pick<LineState, 'label' | 'states' | 'pulseMs'>>;

export function lineDict(lines: readonly LineState[]): LineDict {
  return new Map(
    lines.map((l) => [l.name, { label: l.label, states: l.states ?? null, pulseMs: l.pulseMs }]),
  );
}

export function lineLabel(dict: LineDict, name: string | null): string {
  if (name === null) return 'the board';
  return dict.get(name)?.label ?? name;
}

export function lineValue(dict: LineDict, name: string | null, v: number | null): string {
  return valueWord(name === null ? undefined : dict.get(name), v === 0 || v === 1 ? (v as LineValue) : null);
}

/** "turned Bench lights ON", "pulsed Door strike": a confirmed operation in words. */
export function didOperate(dict: LineDict, name: string, v: number | null): string {
  const line = dict.get(name);
  if (line?.pulseMs && v === 1) return `pulsed ${lineLabel(dict, name)}`;
  return `turned ${lineLabel(dict, name)} ${lineValue(dict, name, v)}`;
}

/** Why a connection ended, in words a person uses. */
export function causeText(cause: string | undefined): string {
  switch (cause) {
    case 'fin':
    case 'close':
    case 'disconnected':
      return 'left';
    case 'rst':
      return 'dropped — connection reset';
    case 'heartbeat-timeout':
    case 'keepalive-timeout':
    case 'user-timeout':
    case 'grace-expired':
      return 'dropped — stopped answering';
    case 'write-error':
      return 'dropped — could not be reached';
    default:
      return 'left';
  }
}
