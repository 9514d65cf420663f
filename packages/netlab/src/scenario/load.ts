import { pathToFileURL } from 'node:url';
import { isScenario, type ScenarioDef } from './api.js';

// Load a scenario file (TypeScript) through tsx's loader, from src or from the built lab.
export async function loadScenario(file: string): Promise<ScenarioDef> {
  const { tsImport } = await import('tsx/esm/api');
  // A query string makes every load a fresh module: an edited file is never served from cache.
  const url = pathToFileURL(file).href + `?t=${Date.now()}`;
  const mod = (await tsImport(url, import.meta.url)) as { default?: unknown };
  const def = mod.default;
  if (!isScenario(def))
    throw new TypeError(`${file}: the default export must be scenario('name', async (lab) => { ... })`);
  return def;
}
