import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DockerApi } from './docker/docker-api.js';
import { Lab } from './lab.js';
import type { LabEvent } from './types.js';
import { detectCapabilities } from './net/capabilities.js';
import { cleanLeftovers, cleanRunDirs } from './net/clean.js';
import { defaultPrefix } from './net/names.js';
import { renderReport } from './report/html.js';
import { decide, unavailableMessage, type Decision } from './rootless/decide.js';
import { installInnerSignals, rootlessContext, setupInner, takeInnerContext } from './rootless/inner.js';
import { runRootless } from './rootless/outer.js';
import { gatherFacts } from './rootless/probe.js';
import { loadScenario } from './scenario/load.js';
import { runIsolated } from './scenario/runner.js';
import { createApiServer } from './server/api.js';
import { ScenarioStore } from './server/scenario-store.js';
import { builtinScenarioDir, labRunsDir, labUiDist } from './util/paths.js';

// `pulseboard-lab`: serve | run | clean | caps.
const usages = {
  serve: 'pulseboard-lab serve [--host 127.0.0.1] [--port 5170] [--external-board URL --hub SOCKET]',
  run: 'pulseboard-lab run FILE... [--json OUT] [--report DIR | --report FILE.html] [--prefix pblab] [--verbose]',
  clean: "pulseboard-lab clean [--prefix pblab] [--force]   (--force also removes live labs' namespaces)",
  caps: 'pulseboard-lab caps',
} as const;
const usage = `usage:\n${Object.values(usages)
  .map((u) => `  ${u}`)
  .join('\n')}`;

type Options = NonNullable<Parameters<typeof parseArgs>[0]>['options'];

/** Bad command-line input: its message and the command's usage go to stderr, exit code 2. */
class UsageError extends Error {}

/**
 * A command's arguments, or undefined after `--help`/`-h` (its usage is printed). Anything
 * else unknown is a UsageError naming it.
 */
function commandArgs<O extends Options>(
  cmd: keyof typeof usages,
  args: string[],
  options: O,
  positionals = false,
) {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage: ${usages[cmd]}\n`);
    return undefined;
  }
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\nusage: ${usages[cmd]}`);
  }
}

/**
 * The Docker engine's faults, when the Docker API answers (the compose `lab` service has the
 * socket mounted); without it the lab runs and says why every fault is refused.
 */
async function dockerFaults() {
  const api = new DockerApi();
  const why = await api.unavailable();
  if (why) {
    process.stderr.write(`pulseboard-lab: faults are refused: ${why}\n`);
    return {};
  }
  return { docker: api };
}

/** The external board may come up after us (compose start order): keep trying for a minute. */
async function adoptExternalBoard(lab: Lab): Promise<void> {
  for (let i = 0; i < 30 && !lab.board.running; i++) {
    await lab.startBoard().catch(() => new Promise((r) => setTimeout(r, 2000)));
  }
}

async function serve(args: string[]): Promise<number> {
  const parsed = commandArgs('serve', args, {
    host: { type: 'string' },
    port: { type: 'string' },
    'external-board': { type: 'string' },
    hub: { type: 'string' },
  });
  if (!parsed) return 0;
  const { values } = parsed;
  const host = values.host ?? '127.0.0.1';
  const port = Number(values.port ?? 5170);
  const extBoard = values['external-board'];
  const lab = new Lab(
    extBoard
      ? {
          external: {
            boardUrl: extBoard,
            hubPath: values.hub ?? '/run/pulseboard-lab/hub.sock',
            ...(await dockerFaults()),
          },
        }
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
  // Handlers stay installed: a second signal during teardown must not kill us half-way (that
  // would leave namespaces behind); it says what we are waiting for instead.
  let stopping = false;
  await new Promise<void>((r) => {
    const onSignal = () => {
      if (stopping) process.stderr.write('pulseboard-lab: still removing the lab network…\n');
      stopping = true;
      r();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  process.stderr.write('pulseboard-lab: stopping\n');
  await server.shutdown();
  if (apiSocket) rmSync(apiSocket, { force: true });
  await lab.stop();
  return 0;
}

/**
 * Where `--report` writes each scenario's HTML: a path ending in .html is the report file
 * itself (one scenario only), anything else a directory of `<scenario>.html`.
 */
export function reportPath(report: string, scenario: string, files: number): string {
  if (!/\.html?$/i.test(report)) return join(report, `${scenario}.html`);
  if (files > 1)
    throw new UsageError(`--report ${report} is one file: give a directory for ${files} scenarios`);
  return report;
}

async function runFiles(args: string[]): Promise<number> {
  const parsed = commandArgs(
    'run',
    args,
    {
      json: { type: 'string' },
      report: { type: 'string' },
      prefix: { type: 'string' },
      verbose: { type: 'boolean', short: 'v' },
    },
    true,
  );
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  if (positionals.length === 0)
    throw new UsageError(`run needs at least one scenario file\nusage: ${usages.run}`);
  // Refuse a bad --report before running anything.
  if (values.report) reportPath(values.report, 'check', positionals.length);
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
      const out = reportPath(values.report, def.name, positionals.length);
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, renderReport(result));
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
    process.stderr.write(unavailableMessage('pulseboard-lab', decision.missing));
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
  try {
    return await command(argv, options);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`pulseboard-lab: ${e.message}\n`);
    return 2;
  }
}

async function command(argv: string[], options: MainOptions): Promise<number> {
  const [cmd, ...rest] = argv;
  const help = rest.includes('--help') || rest.includes('-h');
  if (cmd !== undefined && labCommands.has(cmd) && !help) {
    const done = await privileges(cmd, rest, options);
    if (done !== undefined) return done;
  }
  switch (cmd) {
    case 'serve':
      return serve(rest);
    case 'run':
      return runFiles(rest);
    case 'clean': {
      const parsed = commandArgs('clean', rest, { prefix: { type: 'string' }, force: { type: 'boolean' } });
      if (!parsed) return 0;
      const { values } = parsed;
      const r = await cleanLeftovers(values.prefix ?? defaultPrefix, values.force ?? false);
      const dirs = cleanRunDirs(labRunsDir);
      process.stdout.write(
        `removed ${r.length} namespaces${r.length ? ': ' + r.join(', ') : ''}, ${dirs.length} run folders\n`,
      );
      return 0;
    }
    case 'caps': {
      if (!commandArgs('caps', rest, {})) return 0;
      process.stdout.write(JSON.stringify(await capsReport(), null, 2) + '\n');
      return 0;
    }
    default:
      process.stderr.write(usage + '\n');
      return cmd === undefined || cmd === '--help' || cmd === 'help' ? 0 : 2;
  }
}
