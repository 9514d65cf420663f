import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { BoardRunner } from './board-runner.js';

// An external board is adopted only with accounts that work on it: a wrong password for the
// lab's account or a user without an account is a clear error, not a silent empty story.
let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A stand-in board: healthy, and /api/state open only to `lab:right`. */
async function fakeBoard(): Promise<string> {
  const good = 'Basic ' + Buffer.from('lab:right').toString('base64');
  server = createServer((req, res) => {
    if (req.url === '/healthz') return res.end('ok');
    res.statusCode = req.headers.authorization === good ? 200 : 401;
    res.end('{}');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

const runner = (url: string, accounts: Record<string, string>) =>
  new BoardRunner({
    runDir: '/nonexistent',
    topology: () => {
      throw new Error('an external board needs no topology');
    },
    externalUrl: url,
    accounts,
    onLine: () => undefined,
    onEvent: () => undefined,
    log: () => undefined,
  });

describe('BoardRunner with an external board', () => {
  it('refuses a lab account the board refuses, naming it', async () => {
    const url = await fakeBoard();
    await expect(runner(url, { lab: 'wrong' }).start()).rejects.toMatchObject({
      code: 'BOARD_ACCOUNT_REFUSED',
      message: `the external board at ${url} refused the lab's account "lab" (401): check its password`,
    });
  });

  it('adopts the board with the right account; users need an account given', async () => {
    const url = await fakeBoard();
    const r = runner(url, { lab: 'right', alice: 'a-pw' });
    const board = await r.start();
    try {
      expect(board).toMatchObject({ running: true, url, host: 'external' });
      expect(r.passwordOf('alice')).toBe('a-pw');
      await expect(r.addUsers(['alice', 'mallory'])).rejects.toMatchObject({ code: 'UNKNOWN_BOARD_ACCOUNT' });
    } finally {
      await r.stop();
    }
  });
});
