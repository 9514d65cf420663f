import type { LineSpec } from '../board.js';
import type { LineConfigAttr, LineRequest } from './codec.js';
import { lineFlag } from './layout.js';

// Turns the board lines that live on one chip into a single GET_LINE request: one fd per chip
// for the life of the process. Lines differ in direction, polarity and debounce, so the most
// common flag set becomes the request default and the rest become per-line attributes.

export interface ResolvedLine {
  spec: LineSpec;
  offset: number;
}

const biasFlag = {
  'pull-up': lineFlag.BIAS_PULL_UP,
  'pull-down': lineFlag.BIAS_PULL_DOWN,
  disabled: lineFlag.BIAS_DISABLED,
} as const;

export function lineFlags(spec: LineSpec): bigint {
  let flags =
    spec.direction === 'out'
      ? lineFlag.OUTPUT
      : lineFlag.INPUT | lineFlag.EDGE_RISING | lineFlag.EDGE_FALLING;
  if (spec.activeLow) flags |= lineFlag.ACTIVE_LOW;
  if (spec.bias) flags |= biasFlag[spec.bias];
  return flags;
}

/** Request for `lines` (request index i = lines[i]); bit i of every mask is lines[i]. */
export function planRequest(
  lines: readonly ResolvedLine[],
  consumer: string,
  eventBufferSize: number,
): LineRequest {
  const bit = (i: number): bigint => 1n << BigInt(i);
  const byFlags = new Map<bigint, bigint>();
  const byDebounce = new Map<number, bigint>();
  let outMask = 0n;
  let outValues = 0n;
  lines.forEach(({ spec }, i) => {
    const flags = lineFlags(spec);
    byFlags.set(flags, (byFlags.get(flags) ?? 0n) | bit(i));
    if (spec.direction === 'out') {
      outMask |= bit(i);
      // Outputs come up at their safe value (logical; the kernel applies ACTIVE_LOW).
      if (spec.safeValue === 1) outValues |= bit(i);
    } else if (spec.debounceMs) {
      const us = spec.debounceMs * 1000;
      byDebounce.set(us, (byDebounce.get(us) ?? 0n) | bit(i));
    }
  });
  const groups = [...byFlags.entries()].sort((a, b) => popcount(b[1]) - popcount(a[1]));
  const [defaultFlags] = groups[0] ?? [0n];
  const attrs: LineConfigAttr[] = groups.slice(1).map(([flags, mask]) => ({ kind: 'flags', flags, mask }));
  if (outMask) attrs.push({ kind: 'output-values', values: outValues, mask: outMask });
  for (const [us, mask] of byDebounce) attrs.push({ kind: 'debounce', us, mask });
  const hasInputs = lines.some((l) => l.spec.direction === 'in');
  return {
    offsets: lines.map((l) => l.offset),
    consumer,
    flags: defaultFlags,
    attrs,
    eventBufferSize: hasInputs ? eventBufferSize : 0,
  };
}

function popcount(mask: bigint): number {
  let n = 0;
  for (let m = mask; m; m >>= 1n) n += Number(m & 1n);
  return n;
}
