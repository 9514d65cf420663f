// `npm run demo [-- flags]`: build, start the lab (as `npm run lab` does) and say where to look.
// The page opened at /?demo switches to the presenter layout and starts the narrated demo.
import { spawnSync, spawn } from 'node:child_process';

const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const args = process.argv.slice(2);
const port = args.includes('--port') ? args[args.indexOf('--port') + 1] : '5170';
const host = args.includes('--host') ? args[args.indexOf('--host') + 1] : '127.0.0.1';
const lab = spawn(process.execPath, ['packages/netlab/bin/pulseboard-lab.js', 'serve', ...args], {
  stdio: 'inherit',
});
setTimeout(
  () =>
    process.stdout.write(
      `\nDemo: open http://${host}:${port}/?demo (the narration starts when the page opens)\n\n`,
    ),
  1500,
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => lab.kill(signal));
lab.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
