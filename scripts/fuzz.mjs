// npm run fuzz [-- --runs N --seed S]: the fuzz suite (*.fuzz.test.ts) for longer than in
// `npm test` (there: a fixed seed, a few hundred runs). Default here: 20x the runs, a random
// seed; a failure prints the seed and path that replay it (FUZZ_SEED=... FUZZ_RUNS=...).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '4000' }, seed: { type: 'string', default: 'random' } },
});
const env = { ...process.env, FUZZ_RUNS: values.runs, FUZZ_SEED: values.seed };
console.log(`fuzz: ${values.runs} runs per property, seed ${values.seed}`);
const r = spawnSync('npx', ['vitest', 'run', '--project', 'unit', '--testTimeout', '0', 'fuzz.test'], {
  stdio: 'inherit',
  env,
});
process.exit(r.status ?? 1);
