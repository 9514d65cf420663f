import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface AssetSizes {
  jsBytes: number;
  cssBytes: number;
  jsGzip: number;
  cssGzip: number;
}

/** Raw and gzip (level 9, as the server precompresses) bytes of the JS and CSS in a Vite dist. */
export function assetSizes(distDir: string): AssetSizes {
  const sizes: AssetSizes = { jsBytes: 0, cssBytes: 0, jsGzip: 0, cssGzip: 0 };
  const assets = join(distDir, 'assets');
  for (const name of readdirSync(assets)) {
    const kind = name.endsWith('.js') ? 'js' : name.endsWith('.css') ? 'css' : null;
    if (!kind) continue;
    const bytes = readFileSync(join(assets, name));
    sizes[`${kind}Bytes`] += bytes.length;
    sizes[`${kind}Gzip`] += gzipSync(bytes, { level: 9 }).length;
  }
  return sizes;
}
