import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Where things are, from this file's location (works from src/ under tsx and from dist/).
const here = dirname(fileURLToPath(import.meta.url));

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { workspaces?: unknown }).workspaces)
      return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(here, '../../../..');
    dir = up;
  }
}

export const repoRoot = findRepoRoot(here);
export const netlabRoot = join(repoRoot, 'packages/netlab');
export const netlabSrc = join(netlabRoot, 'src');
export const builtinScenarioDir = join(repoRoot, 'scenarios');
/** Env var that moves the run folder (rootless mode points it at a folder the user owns). */
export const labRunsEnvVar = 'PULSEBOARD_LAB_RUNS_DIR';
/** Per-run scratch space (client bundles, board data, reports). Ignored by git. */
export const labRunsDir = process.env[labRunsEnvVar]
  ? resolve(process.env[labRunsEnvVar])
  : join(repoRoot, '.lab-runs');
export const labUiDist = join(repoRoot, 'apps/lab-ui/dist');
export const serverRoot = join(repoRoot, 'apps/server');
