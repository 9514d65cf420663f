import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { netlabSrc } from '../util/paths.js';

// How a client process is started. Bundling the client with esbuild once per lab cuts
// each process's start-up from ~300 ms (tsx compiling on the fly) to ~50 ms, which is what
// makes 50 clients fit the 10 s start-up budget. Without esbuild it falls back to tsx.
export interface Entries {
  /** node arguments that start a virtual client */
  client: string[];
  /** node arguments that start the userspace delay relay */
  relay: string[];
  bundled: boolean;
}

async function bundle(src: string, out: string): Promise<string[]> {
  try {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [src],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // Left to node_modules: Playwright and native add-ons must load from their packages.
      external: ['playwright-core', 'ffi-rs', 'bufferutil', 'utf-8-validate'],
      logLevel: 'silent',
      // CommonJS dependencies (ws) call require() for Node built-ins; give the ESM bundle one.
      banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    });
    if (existsSync(out)) return [out];
  } catch {
    // fall through to tsx
  }
  return ['--conditions=source', '--import', 'tsx', src];
}

export async function prepareEntries(runDir: string): Promise<Entries> {
  mkdirSync(runDir, { recursive: true });
  const [client, relay] = await Promise.all([
    bundle(join(netlabSrc, 'clients/main.ts'), join(runDir, 'client.mjs')),
    bundle(join(netlabSrc, 'impair/delay-relay.ts'), join(runDir, 'delay-relay.mjs')),
  ]);
  return { client, relay, bundled: client.length === 1 };
}
