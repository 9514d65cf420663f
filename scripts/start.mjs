// `npm start [-- flags]`: build what is needed, then run the server on the simulated board.
// Flags after `--` go to `pulseboard serve` and win over the defaults here (last flag wins).
import { spawnSync, spawn } from 'node:child_process';

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const defaults = ['--host', '127.0.0.1', '--port', '8080', '--data', '.pulseboard', '--board', 'sim'];
const server = spawn(
  process.execPath,
  ['apps/server/bin/pulseboard.js', 'serve', ...defaults, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
// Forward signals so the server can drive every output to its safe value before exiting.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
