/**
 * Parses the parameters of an `Authorization: Digest ...` header (RFC 7235 auth-param list):
 * `name=token` or `name="quoted \"string\""`, separated by commas. Names are lower-cased.
 * Returns undefined for anything malformed or duplicated, so callers never guess.
 */
export function parseAuthParams(input: string): Map<string, string> | undefined {
  const params = new Map<string, string>();
  let i = 0;
  const n = input.length;
  const skipSpace = (): void => {
    while (i < n && (input[i] === ' ' || input[i] === '\t')) i++;
  };
  while (i < n) {
    skipSpace();
    if (i < n && input[i] === ',') {
      i++;
      continue;
    }
    if (i >= n) break;
    const nameMatch = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/.exec(input.slice(i));
    if (!nameMatch) return undefined;
    const name = nameMatch[0].toLowerCase();
    i += nameMatch[0].length;
    skipSpace();
    if (input[i] !== '=') return undefined;
    i++;
    skipSpace();
    let value = '';
    if (input[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = input[i]!;
        if (c === '\\' && i + 1 < n) {
          value += input[i + 1];
          i += 2;
        } else if (c === '"') {
          i++;
          closed = true;
          break;
        } else {
          value += c;
          i++;
        }
      }
      if (!closed) return undefined;
    } else {
      const tokenMatch = /^[!#$%&'*+.^_`|~0-9A-Za-z/=-]+/.exec(input.slice(i));
      if (!tokenMatch) return undefined;
      value = tokenMatch[0];
      i += value.length;
    }
    if (params.has(name)) return undefined;
    params.set(name, value);
    skipSpace();
    if (i < n && input[i] !== ',') return undefined;
  }
  return params;
}

/** Quotes a value for a challenge header (escapes `\` and `"`). */
export function quote(value: string): string {
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}
