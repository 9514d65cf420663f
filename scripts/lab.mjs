// `npm run lab [-- flags]`: build, then start the lab API server and its UI (default http://127.0.0.1:5170).
import { spawnSync, spawn } from 'node:child_process';

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const lab = spawn(
  process.execPath,
  ['packages/netlab/bin/pulseboard-lab.js', 'serve', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => lab.kill(signal));
lab.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
