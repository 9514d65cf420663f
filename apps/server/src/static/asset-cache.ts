import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { isCompressible, mimeType } from './mime.js';

export interface Asset {
  type: string;
  etag: string;
  identity: Buffer;
  gzip?: Buffer;
  br?: Buffer;
  mtimeMs: number;
  size: number;
}

/**
 * Files are read and compressed once, on first request, and kept while their mtime and size
 * stay the same: a Pi then never spends CPU on gzip/brotli per request.
 */
export class AssetCache {
  readonly #assets = new Map<string, Asset>();

  async get(file: string): Promise<Asset> {
    const st = await stat(file);
    const cached = this.#assets.get(file);
    if (cached && cached.mtimeMs === st.mtimeMs && cached.size === st.size) return cached;
    const identity = await readFile(file);
    const asset: Asset = {
      type: mimeType(file),
      etag: `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`,
      identity,
      mtimeMs: st.mtimeMs,
      size: st.size,
    };
    if (isCompressible(file) && identity.length > 256) {
      asset.gzip = gzipSync(identity, { level: 9 });
      asset.br = brotliCompressSync(identity, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length },
      });
    }
    this.#assets.set(file, asset);
    return asset;
  }
}
