import { ensureUsers, spawnBoard } from '../controller/board.js';

// The board container of the Docker engine: create the lab's users (the lab's admin plus
// PBL_USERS), then run the real `pulseboard serve`, its log on our stdout.
async function main(): Promise<void> {
  const dataDir = process.env.PBL_DATA ?? '/data';
  const users = (process.env.PBL_USERS ?? '').split(',').filter(Boolean);
  await ensureUsers(dataDir, ['lab'], 'admin');
  await ensureUsers(dataDir, users);
  const child = spawnBoard({
    host: '0.0.0.0',
    port: Number(process.env.PBL_PORT ?? 8080),
    dataDir,
    args: ['--max-users', '500'],
    onLine: (line) => process.stdout.write(line + '\n'),
  });
  const stop = () => child.kill('SIGTERM');
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  child.on('exit', (code) => process.exit(code ?? 1));
}

main().catch((e: unknown) => {
  process.stderr.write(`board-entry: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
