import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Lab } from './lab.js';
import type { LabEvent } from './types.js';
import { detectCapabilities } from './net/capabilities.js';
import { cleanLeftovers, cleanRunDirs } from './net/clean.js';
import { defaultPrefix } from './net/names.js';
import { renderReport } from './report/html.js';
import { decide, type Decision } from './rootless/decide.js';
import { installInnerSignals, rootlessContext, setupInner, takeInnerContext } from './rootless/inner.js';
import { runRootless } from './rootless/outer.js';
import { gatherFacts } from './rootless/probe.js';
import { loadScenario } from './scenario/load.js';
import { runIsolated } from './scenario/runner.js';
import { createApiServer } from './server/api.js';
import { ScenarioStore } from './server/scenario-store.js';
import { builtinScenarioDir, labRunsDir, labUiDist } from './util/paths.js';

// `pulseboard-lab`: serve | run | clean | caps.
const usage = `usage:
  pulseboard-lab serve [--host 127.0.0.1] [--port 5170] [--external-board URL --hub SOCKET]
  pulseboard-lab run FILE... [--json OUT] [--report DIR] [--prefix pblab] [--verbose]
  pulseboard-lab clean [--prefix pblab] [--force]   (--force also removes live labs' namespaces)
  pulseboard-lab caps`;

/** The external board may come up after us (compose start order): keep trying for a minute. */
async function adoptExternalBoard(lab: Lab): Promise<void> {
  for (let i = 0; i < 30 && !lab.board.running; i++) {
    await lab.startBoard().catch(() => new Promise((r) => setTimeout(r, 2000)));
  }
}

async function serve(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'external-board': { type: 'string' },
      hub: { type: 'string' },
    },
  });
  const host = values.host ?? '127.0.0.1';
  const port = Number(values.port ?? 5170);
  const extBoard = values['external-board'];
  const lab = new Lab(
    extBoard
      ? { external: { boardUrl: extBoard, hubPath: values.hub ?? '/run/pulseboard-lab/hub.sock' } }
      : {},
  );
  const options = {
    lab,
    unavailable: 'starting' as string | undefined,
    store: new ScenarioStore(builtinScenarioDir, join(labRunsDir, 'user-scenarios')),
    uiDir: labUiDist,
    resultsDir: join(labRunsDir, 'results'),
    boundHost: host,
  };
  const server = createApiServer(options);
  // Rootless: the outer process holds host:port and proxies to this socket.
  const apiSocket = rootlessContext()?.apiSocket;
  if (apiSocket) rmSync(apiSocket, { force: true });
  // Listen first: a busy port must fail before any namespace exists.
  await new Promise<void>((res, rej) => {
    server.once('error', rej);
    const done = () => {
      server.off('error', rej);
      res();
    };
    if (apiSocket) server.listen(apiSocket, done);
    else server.listen(port, host, done);
  });
  try {
    await lab.start();
    options.unavailable = undefined;
    if (extBoard) void adoptExternalBoard(lab);
  } catch (e) {
    options.unavailable = (e as Error).message;
    process.stderr.write(`pulseboard-lab: ${options.unavailable}\n`);
  }
  const mode = apiSocket
    ? ', rootless: the board and the lab network are reachable only through this API'
    : '';
  process.stdout.write(`pulseboard-lab: http://${host}:${port}/ (lab ${lab.runId}${mode})\n`);
  // Handlers stay installed: a second signal during teardown must not kill us half-way.
  await new Promise<void>((r) => {
    process.on('SIGINT', () => r());
    process.on('SIGTERM', () => r());
  });
  server.close();
  if (apiSocket) rmSync(apiSocket, { force: true });
  await lab.stop();
  return 0;
}

async function runFiles(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'string' },
      report: { type: 'string' },
      prefix: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
    },
  });
  if (positionals.length === 0) throw new TypeError('run needs at least one scenario file');
  let failed = 0;
  const results = [];
  for (const file of positionals) {
    const def = await loadScenario(resolve(file));
    process.stdout.write(`▶ ${def.name}\n`);
    const onEvent = values.verbose
      ? (e: LabEvent) => e.type === 'log' && process.stdout.write(`  [${e.level}] ${e.msg}\n`)
      : undefined;
    const result = await runIsolated(def, { prefix: values.prefix ?? defaultPrefix }, { onEvent });
    results.push(result);
    for (const e of result.expectations)
      process.stdout.write(`  ${e.ok ? '✔' : '✘'} ${e.name}: ${e.message}\n`);
    process.stdout.write(
      `  ${result.status} in ${((result.endedAt - result.startedAt) / 1000).toFixed(1)} s\n`,
    );
    if (result.status !== 'passed') failed += 1;
    if (values.report) {
      mkdirSync(values.report, { recursive: true });
      writeFileSync(join(values.report, `${def.name}.html`), renderReport(result));
    }
  }
  if (values.json)
    writeFileSync(values.json, JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
  process.stdout.write(`${results.length - failed} passed, ${failed} failed\n`);
  return failed ? 1 : 0;
}

const labCommands = new Set(['serve', 'run', 'clean', 'caps']);

/** serve's --host/--port, for the outer process of the rootless mode. */
function serveAddress(args: string[]): { host: string; port: number; external: boolean } {
  const { values } = parseArgs({
    args,
    strict: false,
    options: { host: { type: 'string' }, port: { type: 'string' }, 'external-board': { type: 'string' } },
  });
  return {
    host: typeof values.host === 'string' ? values.host : '127.0.0.1',
    port: Number(typeof values.port === 'string' ? values.port : 5170),
    external: values['external-board'] !== undefined,
  };
}

export interface MainOptions {
  /** The command line that starts this CLI again (rootless re-exec); default: this process's. */
  self?: string[];
}

/**
 * Without root, each lab command re-runs itself in a user namespace where the kernel allows
 * it (rootless/), else says exactly what is missing. Returns the exit code when this process
 * is done (it was the outer one, or nothing can run), undefined to go on here.
 */
async function privileges(cmd: string, rest: string[], options: MainOptions): Promise<number | undefined> {
  const inner = takeInnerContext();
  if (inner) {
    await setupInner(inner);
    installInnerSignals(cmd, inner);
    return undefined;
  }
  if (process.getuid?.() === 0) return undefined;
  const address = cmd === 'serve' ? serveAddress(rest) : undefined;
  // The Docker engine's lab makes no namespaces: it runs here as before.
  if (address?.external) return undefined;
  const decision = await gatherFacts().then(decide);
  if (decision.mode === 'rootless') {
    const self = options.self ?? [process.execPath, ...process.execArgv, process.argv[1]!];
    return runRootless({ cmd, args: rest, self, serve: address });
  }
  if (decision.mode === 'unavailable') {
    if (cmd === 'caps') {
      process.stdout.write(JSON.stringify(await capsReport(decision), null, 2) + '\n');
      return 0;
    }
    process.stderr.write(
      `pulseboard-lab: the lab needs root or unprivileged user namespaces; missing:\n${decision.missing.map((m) => `  - ${m}`).join('\n')}\n`,
    );
    return 1;
  }
  return undefined;
}

/** `caps`: detectCapabilities() plus how the lab runs here (root, rootless, or not at all). */
async function capsReport(decision?: Decision): Promise<object> {
  const caps = await detectCapabilities();
  if (decision?.mode === 'unavailable') {
    // The root and user-namespace lines are the decision's (they name the sysctl or package).
    const others = caps.missing.filter((m) => !m.startsWith('root:') && !m.startsWith('user namespaces:'));
    return { mode: 'unavailable', ...caps, missing: [...new Set([...decision.missing, ...others])] };
  }
  const ctx = rootlessContext();
  if (!ctx) return { mode: 'root', ...caps };
  return {
    mode: 'rootless',
    ...caps,
    rootless: {
      namespaces: 'user, network, mount, PID (unshare); nothing touches the host network',
      reach:
        'the board and the lab network are reachable only from inside; `serve` forwards its port from the real network namespace to the lab API',
      runs: ctx.runs
        ? `scratch ${ctx.runs.session} (removed at exit), results and user scenarios in ${ctx.runs.keep}`
        : 'the repository .lab-runs',
    },
  };
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd !== undefined && labCommands.has(cmd)) {
    const done = await privileges(cmd, rest, options);
    if (done !== undefined) return done;
  }
  switch (cmd) {
    case 'serve':
      return serve(rest);
    case 'run':
      return runFiles(rest);
    case 'clean': {
      const { values } = parseArgs({
        args: rest,
        options: { prefix: { type: 'string' }, force: { type: 'boolean' } },
      });
      const r = await cleanLeftovers(values.prefix ?? defaultPrefix, values.force ?? false);
      const dirs = cleanRunDirs(labRunsDir);
      process.stdout.write(
        `removed ${r.length} namespaces${r.length ? ': ' + r.join(', ') : ''}, ${dirs.length} run folders\n`,
      );
      return 0;
    }
    case 'caps': {
      process.stdout.write(JSON.stringify(await capsReport(), null, 2) + '\n');
      return 0;
    }
    default:
      process.stderr.write(usage + '\n');
      return cmd === undefined || cmd === '--help' || cmd === 'help' ? 0 : 2;
  }
}
