import { PulseboardError } from '@pulseboard/core';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Topology } from '../net/topology.js';
import type { Board } from '../types.js';
import { ensureUsers, labPassword, spawnBoard, waitHealthy } from './board.js';
import { BoardWatch, type BoardEvent } from './board-watch.js';

// The lab's board: the real `pulseboard serve` in its own host (or on the host side), or an
// external one (Docker engine). Hands its log lines and event-stream events to the lab.

export interface BoardOptions {
  port?: number;
  /** 'ns' (own host, default) or 'host' (root namespace, reachable by a person's browser). */
  where?: 'ns' | 'host';
  board?: string;
  /** The server's distinct-user cap (its default is 10; the lab raises it so 50 users fit). */
  maxUsers?: number;
  /** Extra `pulseboard serve` flags. */
  args?: string[];
  env?: Record<string, string>;
}

export interface BoardRunnerDeps {
  runDir: string;
  topology: () => Topology;
  externalUrl?: string;
  /**
   * Passwords of accounts that already exist on an external board (it is not ours to add
   * users to); `lab` is the account the lab watches it with. Without them: the lab's own rule.
   */
  accounts?: Record<string, string>;
  onLine(line: string): void;
  onEvent(e: BoardEvent): void;
  log(level: 'info' | 'error', msg: string): void;
}

export class BoardRunner {
  private info: Board = { running: false, url: '', host: '' };
  private proc: ChildProcess | undefined;
  private watch: BoardWatch | undefined;
  private dataDir = '';

  constructor(private readonly deps: BoardRunnerDeps) {}

  get board(): Board {
    return { ...this.info };
  }

  /** A board the lab does not run: its log is not ours to read, its event stream is all there is. */
  get external(): boolean {
    return this.deps.externalUrl !== undefined;
  }

  get process(): ChildProcess | undefined {
    return this.proc;
  }

  /** Authorization header of the lab's own board user (an admin: not counted against the cap). */
  get auth(): string {
    return 'Basic ' + Buffer.from(`lab:${this.passwordOf('lab')}`).toString('base64');
  }

  /** `user`'s password on the board. */
  passwordOf(user: string): string {
    const accounts = this.deps.accounts;
    if (!accounts) return labPassword(user);
    const password = accounts[user];
    if (password === undefined)
      throw new PulseboardError(
        'UNKNOWN_BOARD_ACCOUNT',
        `"${user}" has no account given for the external board (accounts given: ${Object.keys(accounts).join(', ') || 'none'}); create it on the board and pass its password`,
      );
    return password;
  }

  /** Makes sure `users` can sign in: added to our own board, or known for an external one. */
  async addUsers(users: string[]): Promise<void> {
    if (this.deps.accounts) for (const u of users) this.passwordOf(u);
    else if (this.dataDir) await ensureUsers(this.dataDir, users);
  }

  async start(options: BoardOptions = {}): Promise<Board> {
    if (this.info.running) return this.board;
    if (this.deps.externalUrl) return this.adoptExternal(this.deps.externalUrl);
    const topo = this.deps.topology();
    const port = options.port ?? 8080;
    let ns: string | undefined;
    let address = topo.uplinkAddress;
    if ((options.where ?? 'ns') === 'ns') {
      const [h] = topo.hosts.has('board') ? [topo.hosts.get('board')!] : await topo.addHosts(['board'], 2);
      ns = h!.ns;
      address = h!.address;
    }
    this.dataDir = join(this.deps.runDir, 'board-data');
    await ensureUsers(this.dataDir, ['lab'], 'admin');
    const url = `http://${address}:${port}`;
    const proc = spawnBoard({
      ns,
      host: address,
      port,
      dataDir: this.dataDir,
      board: options.board,
      args: ['--max-users', String(options.maxUsers ?? 500), ...(options.args ?? [])],
      env: options.env,
      onLine: this.deps.onLine,
    });
    this.proc = proc;
    proc.on('exit', (code) => {
      if (this.proc !== proc) return;
      this.info = { ...this.info, running: false };
      this.deps.log(code ? 'error' : 'info', `board exited (${code})`);
    });
    await waitHealthy(url, 30_000, proc);
    this.info = { running: true, url, host: ns ?? 'host', pid: proc.pid };
    this.startWatch();
    this.deps.log('info', `board up at ${url}`);
    return this.board;
  }

  private async adoptExternal(url: string): Promise<Board> {
    const res = await fetch(url + '/healthz', { signal: AbortSignal.timeout(5000) });
    if (res.status >= 500) throw new Error(`external board at ${url} is not healthy (${res.status})`);
    // The watch and line reads need the lab's account: say so now, not as a silent empty story.
    const state = await fetch(url + '/api/state', {
      headers: { authorization: this.auth },
      signal: AbortSignal.timeout(5000),
    });
    await state.body?.cancel();
    if (state.status === 401 || state.status === 403)
      throw new PulseboardError(
        'BOARD_ACCOUNT_REFUSED',
        `the external board at ${url} refused the lab's account "lab" (${state.status}): check its password`,
      );
    this.info = { running: true, url, host: 'external' };
    this.startWatch();
    return this.board;
  }

  private startWatch(): void {
    this.watch?.stop();
    this.watch = new BoardWatch(this.info.url, this.auth, this.deps.onEvent);
    this.watch.start();
  }

  async stop(): Promise<void> {
    this.watch?.stop();
    this.watch = undefined;
    const proc = this.proc;
    this.proc = undefined;
    if (proc && proc.exitCode === null) {
      proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 50));
      if (proc.exitCode === null) proc.kill('SIGKILL');
    }
    this.info = { ...this.info, running: false };
  }
}
