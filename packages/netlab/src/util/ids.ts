let counter = 0;
/** Process-unique ids for clients, faults and runs. */
export function nextId(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}`;
}
