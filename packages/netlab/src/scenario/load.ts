import { pathToFileURL } from 'node:url';
import { isScenario, type ScenarioDef } from './api.js';

// Load a scenario file (TypeScript) through tsx's loader, from src or from the built lab.
export async function loadScenario(file: string): Promise<ScenarioDef> {
  const { tsImport } = await import('tsx/esm/api');
  // Stack traces through tsx's inline source maps: steps, expectations and errors are traced to
  // the scenario's own lines (scenario/trace.ts), not to the compiled text.
  process.setSourceMapsEnabled(true);
  // A query string makes every load a fresh module: an edited file is never served from cache.
  const url = pathToFileURL(file).href + `?t=${Date.now()}`;
  const mod = (await tsImport(url, import.meta.url)) as { default?: unknown };
  const def = mod.default;
  if (!isScenario(def))
    throw new TypeError(`${file}: the default export must be scenario('name', async (lab) => { ... })`);
  return { ...def, file };
}
