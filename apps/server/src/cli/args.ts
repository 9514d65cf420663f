import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError } from './cli-error.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * node:util parseArgs with one-line errors. A flag given twice keeps its last value, so
 * `npm start -- --port 9000` overrides the port baked into the start script.
 */
export function parse(command: string, options: Options, argv: string[], maxPositionals: number): Parsed {
  let result;
  try {
    result = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new CliError(`${command}: ${shortParseError(err)}`);
  }
  if (result.positionals.length > maxPositionals) {
    throw new CliError(`${command}: unexpected argument '${result.positionals[maxPositionals]}'`);
  }
  return { values: result.values as Parsed['values'], positionals: result.positionals };
}

function shortParseError(err: unknown): string {
  const e = err as { code?: string; message?: string };
  const opt = /'(-{1,2}[^' ]+)/.exec(e.message ?? '')?.[1];
  switch (e.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `unknown option ${opt ?? ''}`.trim();
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return (e.message ?? 'invalid option value').split('\n')[0] ?? 'invalid option value';
    default:
      return (e.message ?? String(err)).split('\n')[0] ?? 'invalid arguments';
  }
}

export function intOption(
  command: string,
  name: string,
  raw: string | boolean | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const text = String(raw);
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new CliError(`${command}: --${name} must be an integer from ${min} to ${max} (got '${text}')`);
  }
  return Number(text);
}

export function stringOption(raw: string | boolean | undefined): string | undefined {
  return typeof raw === 'string' ? raw : undefined;
}
