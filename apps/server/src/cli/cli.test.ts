import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../cli.js';
import { serveOptions } from './serve.js';
import { runUsers } from './users.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
  return { out: () => out.join(''), err: () => err.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('pulseboard serve flags', () => {
  it('maps flags to options; a repeated flag keeps its last value', () => {
    expect(
      serveOptions([
        '--port',
        '8080',
        '--data',
        'd',
        '--port',
        '9000',
        '--no-basic',
        '--allow',
        '10.0.0.0/8, 192.168.1.0/24',
        '--liveness',
        'wifi-tolerant',
        '--liveness-beat',
        'ping',
        '--max-connections-per-user',
        '3',
      ]),
    ).toEqual({
      port: 9000,
      dataDir: 'd',
      basic: false,
      allow: ['10.0.0.0/8', '192.168.1.0/24'],
      livenessPreset: 'wifi-tolerant',
      livenessBeat: 'ping',
      maxConnectionsPerUser: 3,
    });
  });

  it.each([
    [['--bogus'], 'serve: unknown option --bogus'],
    [['--port', 'abc'], "serve: --port must be an integer from 0 to 65535 (got 'abc')"],
    [['--port', '70000'], "serve: --port must be an integer from 0 to 65535 (got '70000')"],
    [['--max-users', '0'], "serve: --max-users must be an integer from 1 to 10000 (got '0')"],
    [
      ['--max-connections-per-user', '0'],
      "serve: --max-connections-per-user must be an integer from 1 to 1000 (got '0')",
    ],
    [
      ['--tcp-budget-ms', '500'],
      "serve: --tcp-budget-ms must be an integer from 2000 to 3600000 (got '500')",
    ],
    [['--allow', '10.0.0.0/33'], 'serve: --allow: Invalid CIDR "10.0.0.0/33"'],
    [
      ['--liveness', 'fast'],
      "serve: --liveness must be one of lan-fast, wifi-tolerant, cellular (got 'fast')",
    ],
    [['--liveness-beat', 'pong'], "serve: --liveness-beat must be kernel or ping (got 'pong')"],
    [['--tls-cert', 'c.pem'], 'serve: --tls-cert and --tls-key go together'],
    [['extra'], "serve: unexpected argument 'extra'"],
  ])('%j -> %s', (argv, message) => {
    expect(() => serveOptions(argv)).toThrow(message);
  });
});

describe('pulseboard main', () => {
  it('prints one line and exits 2 for an unknown flag', async () => {
    const io = capture();
    expect(await main(['serve', '--nope'])).toBe(2);
    expect(io.err()).toBe('pulseboard serve: unknown option --nope\n');
  });

  it('exits 2 for an unknown command, 0 for --help of each command', async () => {
    const io = capture();
    expect(await main(['frobnicate'])).toBe(2);
    expect(io.err()).toBe('pulseboard frobnicate: unknown command (try: pulseboard --help)\n');
    expect(await main(['--help'])).toBe(0);
    expect(await main(['serve', '--help'])).toBe(0);
    expect(await main(['users', 'add', '--help'])).toBe(0);
    expect(io.out()).toContain('Usage: pulseboard serve');
    expect(io.out()).toContain('Usage: pulseboard users');
  });

  it('exits 1 with the reason for a board file that does not exist', async () => {
    const io = capture();
    expect(
      await main([
        'serve',
        '--port',
        '0',
        '--board',
        '/nonexistent/board.yaml',
        '--data',
        join(tmpdir(), 'pbs-none'),
      ]),
    ).toBe(1);
    expect(io.err().split('\n').filter(Boolean)).toHaveLength(1);
    expect(io.err()).toContain('pulseboard serve:');
  });
});

describe('pulseboard users', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'pbs-users-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));
  const stdin = (text: string) => Readable.from([Buffer.from(text)]);

  it('adds, lists, changes and removes a user', async () => {
    const io = capture();
    expect(
      await runUsers(
        ['add', 'dora', '--role', 'operator', '--password-stdin', '--data', dataDir],
        stdin('pw1\n'),
      ),
    ).toBe(0);
    expect(await runUsers(['list', '--data', dataDir, '--json'], stdin(''))).toBe(0);
    expect(
      JSON.parse(
        io
          .out()
          .split('\n')
          .find((l) => l.startsWith('[')) ?? '[]',
      ),
    ).toEqual([expect.objectContaining({ name: 'dora', role: 'operator' })]);
    expect(await runUsers(['passwd', 'dora', '--password-stdin', '--data', dataDir], stdin('pw2'))).toBe(0);
    expect(await runUsers(['remove', 'dora', '--data', dataDir], stdin(''))).toBe(0);
  });

  it.each([
    [
      ['add', 'x', '--role', 'root', '--password-stdin'],
      "users add: --role must be one of admin, operator, viewer (got 'root')",
    ],
    [['add', 'x', '--role', 'viewer'], 'users add: --password-stdin is required'],
    [['add', '--role', 'viewer', '--password-stdin'], 'users add: missing user NAME'],
    [['frob'], "users: unknown subcommand 'frob'"],
  ])('%j -> %s', async (argv, message) => {
    await expect(runUsers([...argv, '--data', dataDir], stdin('pw'))).rejects.toThrow(message);
  });

  it('refuses an empty password and a duplicate user with one line', async () => {
    await expect(
      runUsers(['add', 'eve', '--role', 'viewer', '--password-stdin', '--data', dataDir], stdin('\n')),
    ).rejects.toThrow('users add: the password read from stdin is empty');
    const io = capture();
    const args = ['users', 'add', 'frank', '--role', 'viewer', '--password-stdin', '--data', dataDir];
    await runUsers(args.slice(1), stdin('pw'));
    await expect(runUsers(args.slice(1), stdin('pw'))).rejects.toMatchObject({ code: 'USER_EXISTS' });
    expect(io.err()).toBe('');
  });
});
