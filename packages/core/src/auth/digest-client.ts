// A minimal RFC 7616 client (what a browser does): for tests, virtual clients and benchmarks.
import { parseAuthParams } from './auth-params.js';
import { digestHa1, digestResponse, type DigestAlgorithm } from './digest.js';

export function pickChallenge(
  headers: string[] | undefined,
  algorithm: DigestAlgorithm,
): Map<string, string> {
  for (const h of headers ?? []) {
    if (!h.startsWith('Digest ')) continue;
    const p = parseAuthParams(h.slice(7));
    if (p?.get('algorithm') === algorithm) return p;
  }
  throw new Error(`no ${algorithm} challenge in ${JSON.stringify(headers)}`);
}

export function digestAuthorization(opts: {
  challenge: Map<string, string>;
  user: string;
  password: string;
  method: string;
  uri: string;
  nc?: number;
  cnonce?: string;
}): string {
  const algorithm = opts.challenge.get('algorithm') as DigestAlgorithm;
  const realm = opts.challenge.get('realm')!;
  const nonce = opts.challenge.get('nonce')!;
  const nc = (opts.nc ?? 1).toString(16).padStart(8, '0');
  const cnonce = opts.cnonce ?? 'Y25vbmNl';
  const ha1 = digestHa1(algorithm, opts.user, realm, opts.password);
  const response = digestResponse({
    algorithm,
    ha1,
    method: opts.method,
    uri: opts.uri,
    nonce,
    nc,
    cnonce,
    qop: 'auth',
  });
  return (
    `Digest username="${opts.user}", realm="${realm}", nonce="${nonce}", uri="${opts.uri}", ` +
    `algorithm=${algorithm}, response="${response}", qop=auth, nc=${nc}, cnonce="${cnonce}", ` +
    `opaque="${opts.challenge.get('opaque')}"`
  );
}
