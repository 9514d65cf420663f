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

const viaTsx = (src: string) => ['--conditions=source', '--import', 'tsx', src];

/** node arguments that run `src`: its esbuild bundle at `out`, or tsx when bundling is off or fails. */
export async function bundle(src: string, out: string, enabled = true): Promise<string[]> {
  if (!enabled) return viaTsx(src);
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
      banner: {
        js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
      },
    });
    if (existsSync(out)) return [out];
  } catch {
    // fall through to tsx
  }
  return viaTsx(src);
}

/** `useBundle: false` (or PBL_NO_BUNDLE=1) runs the TypeScript through tsx, e.g. to compare. */
export async function prepareEntries(
  runDir: string,
  useBundle = process.env.PBL_NO_BUNDLE !== '1',
): Promise<Entries> {
  mkdirSync(runDir, { recursive: true });
  const [client, relay] = await Promise.all([
    bundle(join(netlabSrc, 'clients/main.ts'), join(runDir, 'client.mjs'), useBundle),
    bundle(join(netlabSrc, 'impair/delay-relay.ts'), join(runDir, 'delay-relay.mjs'), useBundle),
  ]);
  return { client, relay, bundled: client.length === 1 };
}
