import { ensureUsers, spawnBoard } from '../controller/board.js';
import { expandUsers } from './users.js';

// The board container of the Docker engine: create the lab's users (the lab's admin plus
// PBL_USERS, e.g. `alice,bob,crowd*20`), then run the real `pulseboard serve`, its log on
// our stdout (`docker logs` shows the detection records).
async function main(): Promise<void> {
  const dataDir = process.env.PBL_DATA ?? '/data';
  await ensureUsers(dataDir, ['lab'], 'admin');
  await ensureUsers(dataDir, expandUsers(process.env.PBL_USERS ?? ''));
  const child = spawnBoard({
    host: '0.0.0.0',
    port: Number(process.env.PBL_PORT ?? 8080),
    dataDir,
    args: ['--max-users', '500', ...(process.env.PBL_BOARD_ARGS ?? '').split(' ').filter(Boolean)],
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
