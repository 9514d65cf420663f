import { randomBytes } from 'node:crypto';
import { openUserStore } from '@pulseboard/core/auth/index';
import { LIVENESS_PRESETS_NAMES, type LivenessPresetName } from '@pulseboard/core/liveness/index';
import { trimMalloc } from '@pulseboard/core/ffi/malloc-trim';
import { fixMmapThreshold } from '@pulseboard/core/ffi/mmap-threshold';
import { createAllowlist } from '@pulseboard/core/presence/index';
import { createServer } from '../server.js';
import { serviceNotifier } from '../service/sd-notify.js';
import type { ServerOptionsInput } from '../options.js';
import { intOption, parse, stringOption } from './args.js';
import { CliError } from './cli-error.js';
import { serveHelp } from './help.js';

const spec = {
  host: { type: 'string' },
  port: { type: 'string' },
  data: { type: 'string' },
  board: { type: 'string' },
  'max-users': { type: 'string' },
  'max-connections-per-user': { type: 'string' },
  allow: { type: 'string' },
  'no-basic': { type: 'boolean' },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  liveness: { type: 'string' },
  'liveness-beat': { type: 'string' },
  'tcp-budget-ms': { type: 'string' },
  'heartbeat-ms': { type: 'string' },
  'grace-ms': { type: 'string' },
  'sim-latency-ms': { type: 'string' },
  'storage-sync': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Turns `serve` flags into server options; every bad value is a one-line CliError. */
export function serveOptions(argv: string[]): ServerOptionsInput | 'help' {
  const { values } = parse('serve', spec, argv, 0);
  if (values.help) return 'help';
  const cmd = 'serve';
  const opts: ServerOptionsInput = {};
  const host = stringOption(values.host);
  if (host !== undefined) {
    if (host === '') throw new CliError('serve: --host must not be empty');
    opts.host = host;
  }
  const port = intOption(cmd, 'port', values.port, 0, 65535);
  if (port !== undefined) opts.port = port;
  const data = stringOption(values.data);
  if (data !== undefined) {
    if (data === '') throw new CliError('serve: --data must not be empty');
    opts.dataDir = data;
  }
  const board = stringOption(values.board);
  if (board !== undefined) {
    if (board === '') throw new CliError('serve: --board must be "sim" or a file');
    opts.board = board;
  }
  const maxUsers = intOption(cmd, 'max-users', values['max-users'], 1, 10_000);
  if (maxUsers !== undefined) opts.maxUsers = maxUsers;
  const perUser = intOption(cmd, 'max-connections-per-user', values['max-connections-per-user'], 1, 1000);
  if (perUser !== undefined) opts.maxConnectionsPerUser = perUser;
  const allow = stringOption(values.allow);
  if (allow !== undefined) {
    const cidrs = allow
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
    if (cidrs.length === 0) throw new CliError('serve: --allow needs at least one CIDR');
    try {
      createAllowlist(cidrs);
    } catch (err) {
      throw new CliError(`serve: --allow: ${(err as Error).message}`);
    }
    opts.allow = cidrs;
  }
  if (values['no-basic']) opts.basic = false;
  const cert = stringOption(values['tls-cert']);
  const key = stringOption(values['tls-key']);
  if ((cert === undefined) !== (key === undefined))
    throw new CliError('serve: --tls-cert and --tls-key go together');
  if (cert && key) opts.tls = { cert, key };
  const preset = stringOption(values.liveness);
  if (preset !== undefined) {
    if (!(LIVENESS_PRESETS_NAMES as readonly string[]).includes(preset)) {
      throw new CliError(
        `serve: --liveness must be one of ${LIVENESS_PRESETS_NAMES.join(', ')} (got '${preset}')`,
      );
    }
    opts.livenessPreset = preset as LivenessPresetName;
  }
  const beat = stringOption(values['liveness-beat']);
  if (beat !== undefined) {
    if (beat !== 'kernel' && beat !== 'ping')
      throw new CliError(`serve: --liveness-beat must be kernel or ping (got '${beat}')`);
    opts.livenessBeat = beat;
  }
  const budget = intOption(cmd, 'tcp-budget-ms', values['tcp-budget-ms'], 2000, 3_600_000);
  if (budget !== undefined) opts.tcpBudgetMs = budget;
  const hb = intOption(cmd, 'heartbeat-ms', values['heartbeat-ms'], 50, 60_000);
  // Suspect after two missed beats' worth, dead a little later: same ratios as the defaults.
  if (hb !== undefined)
    opts.heartbeat = { intervalMs: hb, suspectAfterMs: hb * 2, timeoutMs: Math.round(hb * 3.6) };
  const grace = intOption(cmd, 'grace-ms', values['grace-ms'], 0, 86_400_000);
  if (grace !== undefined) opts.graceMs = grace;
  const sim = intOption(cmd, 'sim-latency-ms', values['sim-latency-ms'], 0, 60_000);
  if (sim !== undefined) opts.simLatencyMs = sim;
  const sync = stringOption(values['storage-sync']);
  if (sync !== undefined) {
    if (sync !== 'full' && sync !== 'normal')
      throw new CliError(`serve: --storage-sync must be full or normal (got '${sync}')`);
    opts.storageSync = sync;
  }
  return opts;
}

/**
 * First run: an empty user store gets "admin", whose password is shown exactly once. Later runs
 * ignore PULSEBOARD_ADMIN_PASSWORD, and say so: a changed variable must not look applied.
 */
async function ensureAdmin(
  dataDir: string,
  out: NodeJS.WritableStream,
): Promise<{ code: string; message: string } | null> {
  const users = openUserStore({ dataDir });
  const fromEnv = process.env.PULSEBOARD_ADMIN_PASSWORD;
  if (users.list().length > 0) {
    if (!fromEnv) return null;
    return {
      code: 'ADMIN_PASSWORD_IGNORED',
      message:
        'PULSEBOARD_ADMIN_PASSWORD is set but ignored: users already exist in this data dir (it only creates ' +
        'the first admin). Change a password with `pulseboard users passwd NAME --password-stdin`, or unset it.',
    };
  }
  const password = fromEnv || randomBytes(12).toString('base64url');
  await users.add('admin', password, 'admin');
  out.write(
    fromEnv
      ? `Created user "admin" (role admin) with the password from PULSEBOARD_ADMIN_PASSWORD.\n`
      : `Created user "admin" (role admin). Password (shown only this once): ${password}\n`,
  );
  return null;
}

/**
 * Start-up's freed memory (parsing and compiling the bundle, the first requests) goes back to
 * the kernel once, this long after listening: glibc would keep most of it (ffi/malloc-trim.ts).
 */
const TRIM_AFTER_LISTEN_MS = 2000;

function returnStartupMemory(log: { debug(obj: object, msg: string): void }): void {
  const rssBefore = process.memoryUsage.rss();
  const result = trimMalloc();
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  log.debug(
    { ...result, rssMbBefore: mb(rssBefore), rssMbAfter: mb(process.memoryUsage.rss()) },
    'malloc_trim after start',
  );
}

export async function runServe(argv: string[]): Promise<number> {
  const opts = serveOptions(argv);
  if (opts === 'help') {
    process.stdout.write(serveHelp);
    return 0;
  }
  // Before any big block is freed: scrypt's 16 MiB per Basic login must not stay resident.
  const mmapThreshold = fixMmapThreshold();
  let server;
  try {
    server = await createServer(opts);
  } catch (err) {
    // One line, even for a board file with several problems.
    const text = (err as Error).message
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .join(' ');
    throw new CliError(`serve: ${text}`, 1);
  }
  const ignored = await ensureAdmin(server.options.dataDir, process.stdout);
  if (ignored) {
    server.services.configWarnings.push(ignored);
    server.services.log.warn({ code: ignored.code }, ignored.message);
    process.stderr.write(`Warning: ${ignored.message}\n`);
  }
  try {
    await server.listen();
  } catch (err) {
    await server.close();
    throw new CliError(
      `serve: cannot listen on ${server.options.host}:${server.options.port}: ${(err as Error).message}`,
      1,
    );
  }
  const s = server;
  if (!mmapThreshold.ok)
    s.services.log.debug({ reason: mmapThreshold.reason }, 'mmap threshold left to glibc');
  s.services.log.info({ url: s.url, board: s.options.board, dataDir: s.options.dataDir }, 'listening');
  process.stdout.write(
    `Pulseboard on ${s.url} (board ${s.services.controller.board.name}, data ${s.options.dataDir})\n`,
  );
  // Under systemd (Type=notify): ready now, watchdog beats from the event loop from here on.
  const notifier = serviceNotifier(s.services.log);
  notifier.ready(`serving ${s.url}`);
  setTimeout(() => returnStartupMemory(s.services.log), TRIM_AFTER_LISTEN_MS).unref();
  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) process.exit(1); // second signal: give up on the orderly path
      stopping = true;
      notifier.stopping();
      s.shutdown(signal).then(resolve, (err: unknown) => {
        s.services.log.error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
  notifier.close();
  return 0;
}
