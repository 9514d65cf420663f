// The panel is browser code (no Node types); its token test alone reads a file, under vitest.
declare module 'node:fs' {
  export function readFileSync(path: URL, encoding: 'utf8'): string;
}
