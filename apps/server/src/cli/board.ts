import { loadBoard } from '@pulseboard/core/hardware/load-board';
import { checkBoard, describeLine, readChips, type ChipReport } from '@pulseboard/core/hardware/gpio/inspect';
import { parse, stringOption } from './args.js';
import { CliError } from './cli-error.js';
import { boardHelp } from './help.js';

const spec = {
  dev: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `pulseboard board check [FILE]`: what gpioinfo shows, and a board file checked against it. */
export async function runBoard(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    (sub ? process.stdout : process.stderr).write(boardHelp);
    return sub ? 0 : 2;
  }
  if (sub !== 'check')
    throw new CliError(`board: unknown subcommand '${sub}' (try: pulseboard board --help)`);
  const { values, positionals } = parse('board check', spec, rest, 1);
  if (values.help) {
    process.stdout.write(boardHelp);
    return 0;
  }
  const devDir = stringOption(values.dev) ?? '/dev';
  const file = positionals[0];
  const out = (line = ''): boolean => process.stdout.write(`${line}\n`);

  let board;
  if (file) {
    try {
      board = loadBoard(file);
    } catch (err) {
      throw new CliError(`board check: ${(err as Error).message}`, 1);
    }
    if (board.driver === 'sim') {
      out(
        `Board "${board.name}" (${file}): valid; it uses the simulated driver, so there is no hardware to check.`,
      );
      return 0;
    }
  }

  let chips: ChipReport[];
  try {
    chips = readChips(devDir);
  } catch (err) {
    throw new CliError(`board check: cannot read the GPIO chips in ${devDir}: ${(err as Error).message}`, 1);
  }
  if (chips.length === 0) out(`No GPIO chips in ${devDir}.`);
  for (const chip of chips) {
    out(`${chip.name} "${chip.label}" (${chip.lines.length} lines)`);
    if (!board) for (const line of chip.lines) out(`  ${describeLine(line)}`);
  }
  if (!board) return 0;

  const checks = checkBoard(board, chips);
  out();
  out(`Board "${board.name}" (${file}): ${board.lines.length} lines`);
  const width = Math.max(...checks.map((c) => c.line.length));
  for (const c of checks) out(`  ${c.status.padEnd(8)} ${c.line.padEnd(width)}  ${c.detail}`);
  const problems = checks.filter((c) => c.status !== 'ok').length;
  out(problems ? `${problems} problem${problems === 1 ? '' : 's'}.` : 'Every line is present and free.');
  return problems ? 1 : 0;
}
