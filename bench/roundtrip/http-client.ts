// A small keep-alive HTTP client for the REST rows, with RFC 7616 Digest the way a browser does
// it: one challenge, then an increasing nonce-count per request; a stale nonce is re-challenged.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { digestAuthorization, pickChallenge } from '@pulseboard/core/auth/index';

export interface HttpReply {
  status: number;
  headers: Record<string, string[]>;
  body: string;
}

export interface Credentials {
  user: string;
  password: string;
}

export class BenchHttpClient {
  readonly #base: URL;
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #creds: Credentials | undefined;
  #challenge: Map<string, string> | undefined;
  #nc = 0;
  /** How many requests had to be repeated after a 401 (stale nonce): part of the samples. */
  rechallenged = 0;

  constructor(baseUrl: string, creds?: Credentials) {
    this.#base = new URL(baseUrl);
    this.#creds = creds;
  }

  raw(method: string, path: string, body?: string, headers: Record<string, string> = {}): Promise<HttpReply> {
    return new Promise((resolve, reject) => {
      const req = request(
        new URL(path, this.#base),
        {
          method,
          agent: this.#agent,
          headers: {
            ...headers,
            ...(body !== undefined
              ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }
              : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headersDistinct as Record<string, string[]>,
              body: Buffer.concat(chunks).toString(),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  /** A Digest Authorization header for one request (fetches a challenge when it has none). */
  async authorization(method: string, uri: string): Promise<string> {
    const creds = this.#creds;
    if (!creds) throw new Error('no credentials');
    if (!this.#challenge) {
      const r = await this.raw('GET', '/api/state');
      if (r.status !== 401) throw new Error(`expected a 401 challenge, got HTTP ${r.status}`);
      this.#challenge = pickChallenge(r.headers['www-authenticate'], 'SHA-256');
      this.#nc = 0;
    }
    return digestAuthorization({
      challenge: this.#challenge,
      user: creds.user,
      password: creds.password,
      method,
      uri,
      nc: ++this.#nc,
      cnonce: randomBytes(8).toString('hex'),
    });
  }

  /** A request with Digest auth; a 401 (stale nonce) gets one retry with a fresh challenge. */
  async digest(method: string, path: string, body?: string): Promise<HttpReply> {
    const first = await this.raw(method, path, body, {
      Authorization: await this.authorization(method, path),
    });
    if (first.status !== 401) return first;
    this.rechallenged++;
    this.#challenge = pickChallenge(first.headers['www-authenticate'], 'SHA-256');
    this.#nc = 0;
    return this.raw(method, path, body, { Authorization: await this.authorization(method, path) });
  }

  close(): void {
    this.#agent.destroy();
  }
}
