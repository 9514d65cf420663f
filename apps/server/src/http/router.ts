import type { IncomingMessage, ServerResponse } from 'node:http';

export interface RouteContext<S = unknown> {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string>;
  session: S;
}

export type Handler<S> = (ctx: RouteContext<S>) => void | Promise<void>;

interface Route<S> {
  method: string;
  parts: string[];
  handler: Handler<S>;
}

export type Match<S> =
  | { kind: 'found'; handler: Handler<S>; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allow: string[] }
  | { kind: 'none' };

/** A minimal method + path router: `/api/lines/:name` style patterns, no regexes, no wildcards. */
export class Router<S> {
  readonly #routes: Route<S>[] = [];

  add(method: string, pattern: string, handler: Handler<S>): this {
    this.#routes.push({ method, parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  match(method: string, pathname: string): Match<S> {
    const segs = pathname.split('/').filter(Boolean);
    const allow: string[] = [];
    for (const route of this.#routes) {
      const params = matchParts(route.parts, segs);
      if (!params) continue;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) {
        return { kind: 'found', handler: route.handler, params };
      }
      allow.push(route.method);
    }
    return allow.length > 0 ? { kind: 'method-not-allowed', allow } : { kind: 'none' };
  }
}

function matchParts(parts: string[], segs: string[]): Record<string, string> | null {
  if (parts.length !== segs.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    const seg = segs[i] as string;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(seg);
      } catch {
        return null;
      }
    } else if (part !== seg) {
      return null;
    }
  }
  return params;
}
