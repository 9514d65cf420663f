export function clock(at: number | string): string {
  return new Date(at).toLocaleTimeString([], { hour12: false });
}
