// Turns "side A / side B" into the lab's partition map (id -> ids it cannot reach).
export type Side = 'a' | 'b';

export function partitionMap(sides: ReadonlyMap<string, Side>, oneWay: boolean): Record<string, string[]> {
  const a = [...sides].filter(([, s]) => s === 'a').map(([id]) => id);
  const b = [...sides].filter(([, s]) => s === 'b').map(([id]) => id);
  const map: Record<string, string[]> = {};
  for (const id of a) map[id] = [...b];
  // One-way: A cannot reach B, but B still reaches A (asymmetric links are a real failure mode).
  for (const id of b) map[id] = oneWay ? [] : [...a];
  return map;
}
