// `npm start [-- flags]`: build what is needed, then run the server on the simulated board.
// Flags after `--` go to `pulseboard serve` and win over the defaults here (last flag wins).
import { spawnSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const defaults = ['--host', '127.0.0.1', '--port', '8080', '--data', '.pulseboard', '--board', 'sim'];
// The node flags the bin's `#!/usr/bin/env -S node ...` line ships (small-board memory settings).
const bin = 'apps/server/bin/pulseboard.js';
const nodeFlags = readFileSync(bin, 'utf8')
  .split('\n')[0]
  .split(/\s+/)
  .filter((t) => t.startsWith('--'));
const server = spawn(process.execPath, [...nodeFlags, bin, 'serve', ...defaults, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
// Forward signals so the server can drive every output to its safe value before exiting.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
