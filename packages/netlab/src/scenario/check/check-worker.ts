import { parentPort, workerData } from 'node:worker_threads';
import { createScenarioChecker, type ScenarioChecker } from './diagnose.js';

// The type-checker's thread: TypeScript is loaded here only, so the lab's event loop (which
// times detections) never stalls on a check.
const { scenariosDir } = workerData as { scenariosDir: string };
let checker: ScenarioChecker | undefined;
let loadError: string | undefined;
try {
  const tsm = (await import('typescript')).default;
  checker = createScenarioChecker(tsm, scenariosDir);
} catch (e) {
  loadError = `the type-checker could not start: ${(e as Error).message}`;
}

parentPort!.on('message', ({ id, source }: { id: number; source: string }) => {
  if (!checker) return parentPort!.postMessage({ id, error: loadError });
  try {
    parentPort!.postMessage({ id, diagnostics: checker.check(source) });
  } catch (e) {
    parentPort!.postMessage({ id, error: (e as Error).message });
  }
});
