import { parseArgs } from 'node:util';
import { ensureKernel, kernelPath } from './kernel.js';
import { runInVm } from './run-vm.js';

const help = `Usage:
  pulseboard-vm kernel [--path]     build the test VM's kernel if needed; print its path
  pulseboard-vm run [options] -- COMMAND [ARG...]
                                    run COMMAND in the VM (host / read-only, folder overlays
                                    writable); exits with COMMAND's status
Options for run:
  --memory MB          guest RAM (default 512)
  --cpus N             guest CPUs (default 1)
  --forward PORT       forward guest TCP PORT from a free 127.0.0.1 port (repeatable; printed)
  --writable DIR       folder the guest may write (tmpfs overlay; repeatable;
                       default: the current folder and $HOME)
  --shared DIR         host folder the guest writes through to (repeatable)
  --timeout SECONDS    kill the VM after this long (default 600)
  --verbose            show kernel messages
`;

/** `pulseboard-vm <command>`: returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'kernel') {
    process.stdout.write(`${rest.includes('--path') ? await kernelPath() : await ensureKernel()}\n`);
    return 0;
  }
  if (command !== 'run') {
    process.stderr.write(help);
    return command === '-h' || command === '--help' ? 0 : 2;
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      memory: { type: 'string' },
      cpus: { type: 'string' },
      forward: { type: 'string', multiple: true },
      writable: { type: 'string', multiple: true },
      shared: { type: 'string', multiple: true },
      timeout: { type: 'string' },
      verbose: { type: 'boolean' },
    },
  });
  if (positionals.length === 0) {
    process.stderr.write(`pulseboard-vm run: no command\n${help}`);
    return 2;
  }
  const int = (name: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer`);
    return n;
  };
  const timeout = int('timeout', values.timeout);
  const result = await runInVm({
    script: `exec ${positionals.map((a) => `'${a.replaceAll("'", `'\\''`)}'`).join(' ')}\n`,
    memoryMb: int('memory', values.memory),
    cpus: int('cpus', values.cpus),
    forward: values.forward?.map((p) => int('forward', p)!),
    writable: values.writable,
    shared: values.shared,
    timeoutMs: timeout && timeout * 1000,
    verbose: values.verbose,
    onOutput: (text) => process.stdout.write(text),
  });
  if (result.status === null) {
    process.stderr.write(`pulseboard-vm: ${result.reason}\n`);
    return 125;
  }
  return result.status;
}
