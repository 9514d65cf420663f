import { PulseboardError } from '@pulseboard/core';
import { CliError } from './cli/cli-error.js';
import { runBoard } from './cli/board.js';
import { mainHelp } from './cli/help.js';
import { runServe } from './cli/serve.js';
import { runUsers } from './cli/users.js';
import { version } from './version.js';

/** `pulseboard <command>`: returns the exit code; errors print as one line on stderr. */
export async function main(argv: string[]): Promise<number> {
  try {
    return await dispatch(argv);
  } catch (err) {
    if (err instanceof CliError) {
      process.stderr.write(`pulseboard ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof PulseboardError || err instanceof TypeError) {
      process.stderr.write(`pulseboard: ${err.message}\n`);
      return err instanceof TypeError ? 2 : 1;
    }
    throw err;
  }
}

async function dispatch(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return runServe(rest);
    case 'users':
      return runUsers(rest);
    case 'board':
      return runBoard(rest);
    case '-h':
    case '--help':
      process.stdout.write(mainHelp);
      return 0;
    case undefined:
      process.stderr.write(mainHelp);
      return 2;
    case '-v':
    case '--version':
      process.stdout.write(`${version}\n`);
      return 0;
    default:
      throw new CliError(`${command}: unknown command (try: pulseboard --help)`);
  }
}
