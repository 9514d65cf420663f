import { fileURLToPath } from 'node:url';
import { startVm, type Vm } from '@pulseboard/vm';

// The end-to-end rig on a real kernel GPIO chip: a test VM (packages/vm) running the guest
// agent, which makes the gpio-sim chip, runs `pulseboard serve --board gpio-sim.json` under a
// restart-on-exit supervisor, and lets the test read and drive the chip over HTTP.

const root = fileURLToPath(new URL('..', import.meta.url));
export const boardFile = 'packages/core/boards/gpio-sim.json';
const SERVER_PORT = 8080;
const AGENT_PORT = 8081;

export type Values = Record<string, 0 | 1>;

export interface SignalReport {
  pid: number;
  exit?: { code: number | null; signal: string | null };
  exitMs: number | null;
  safeWhileAlive: boolean;
  safeAgainMs: number | null;
  newPid: number | null;
  snapshots: { t: number; values: Values; oldAlive: boolean }[];
}

export interface BoardVm {
  /** The panel, through qemu's port forward. */
  url: string;
  vm: Vm;
  /** The chip's lines (none while the chip is removed), and the supervised server. */
  state(): Promise<{ values: Values; live: boolean; ready: boolean; starts: number; pid: number | null }>;
  pull(pulls: Record<string, 'pull-up' | 'pull-down'>): Promise<void>;
  drive(levels: Values): Promise<void>;
  setLive(live: boolean): Promise<void>;
  signal(signal: 'SIGTERM' | 'SIGKILL', expect: Values): Promise<SignalReport>;
  serverOutput(): Promise<string>;
  stop(): Promise<void>;
}

export async function startBoardVm(
  users: { name: string; role: string; password: string }[],
): Promise<BoardVm> {
  const vm = await startVm({
    workdir: root,
    memoryMb: 512,
    forward: [SERVER_PORT, AGENT_PORT],
    timeoutMs: 20 * 60_000,
    script: [
      'exec node packages/vm/dist/guest-agent.js',
      `--board ${boardFile} --data /run/pulseboard --port ${SERVER_PORT} --agent-port ${AGENT_PORT}`,
      ...users.map((u) => `--user ${u.name}:${u.role}:${u.password}`),
    ].join(' '),
    onOutput: process.env.PULSEBOARD_VM_ECHO ? (text) => process.stdout.write(text) : undefined,
  });
  const agentUrl = `http://127.0.0.1:${vm.ports.get(AGENT_PORT)}`;
  const call = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${agentUrl}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(290_000),
    });
    const json = (await res.json()) as T & { error?: string };
    if (!res.ok) throw new Error(`agent ${path}: ${json.error}`);
    return json;
  };
  // Boot (~6 s), node, the chip, the users and the server's first start: allow a loaded machine.
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      await call('/state');
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        vm.kill(); // nobody else holds the handle yet
        throw new Error(`the VM's agent did not come up: ${String(err)}\n${vm.output()}`);
      }
      const result = await Promise.race([vm.exited, new Promise((r) => setTimeout(r, 500))]);
      if (result) throw new Error(`the VM stopped during start-up:\n${vm.output()}`);
    }
  }
  return {
    url: `http://127.0.0.1:${vm.ports.get(SERVER_PORT)}`,
    vm,
    state: () => call('/state'),
    pull: (pulls) => call('/pull', pulls),
    drive: (levels) => call('/drive', levels),
    setLive: (live) => call('/live', { live }),
    // The agent watches for up to 240 s: a restart in an emulated guest on a loaded machine is slow.
    signal: (signal, expect) => call('/signal', { signal, expect, timeoutMs: 240_000 }),
    serverOutput: async () => (await call<{ output: string }>('/output')).output,
    async stop() {
      await call('/shutdown', {}).catch(() => vm.kill());
      const timer = setTimeout(() => vm.kill(), 20_000);
      await vm.exited;
      clearTimeout(timer);
    },
  };
}
