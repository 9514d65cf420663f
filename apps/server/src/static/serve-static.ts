import type { IncomingMessage, ServerResponse } from 'node:http';
import { AssetCache, type Asset } from './asset-cache.js';
import { resolveInside } from './safe-path.js';

export interface StaticFiles {
  /** Serves the file for `pathname`; false when there is none (the caller answers 404). */
  serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean>;
}

export function createStaticFiles(root: string): StaticFiles {
  const cache = new AssetCache();
  return {
    async serve(req, res, pathname) {
      const file = await resolveInside(root, pathname);
      if (!file) return false;
      let asset: Asset;
      try {
        asset = await cache.get(file);
      } catch {
        return false;
      }
      writeAsset(req, res, asset, pathname.startsWith('/assets/'));
      return true;
    },
  };
}

function writeAsset(req: IncomingMessage, res: ServerResponse, asset: Asset, immutable: boolean): void {
  res.setHeader('Content-Type', asset.type);
  res.setHeader('ETag', asset.etag);
  // Vite puts a content hash in every /assets/ name; index.html must be revalidated each time.
  res.setHeader('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('Vary', 'Accept-Encoding');
  if (etagMatches(req.headers['if-none-match'], asset.etag)) {
    res.statusCode = 304;
    res.end();
    return;
  }
  const accept = String(req.headers['accept-encoding'] ?? '');
  let body = asset.identity;
  if (asset.br && /\bbr\b/.test(accept)) {
    body = asset.br;
    res.setHeader('Content-Encoding', 'br');
  } else if (asset.gzip && /\bgzip\b/.test(accept)) {
    body = asset.gzip;
    res.setHeader('Content-Encoding', 'gzip');
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
}
