import { parseArgs } from 'node:util';
import { ensureKernel, kernelPath, type VmArch } from './kernel.js';
import { runInVm } from './run-vm.js';

const help = `Usage:
  pulseboard-vm kernel [--path] [--arch arm64]
                                    build the test VM's kernel if needed; print its path
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
  --arch arm64         an arm64 guest (qemu-system-aarch64 -M virt); needs --root and --init
  --root DIR           boot DIR (read-only) as the guest's / instead of the host's /
  --workdir DIR        the folder COMMAND starts in (default: the current one)
  --init PATH          guest/init.sh as the guest sees it inside --root
`;

/** `pulseboard-vm <command>`: returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'kernel') {
    const { values } = parseArgs({
      args: rest,
      options: { path: { type: 'boolean' }, arch: { type: 'string' } },
    });
    const arch = archOf(values.arch);
    process.stdout.write(`${values.path ? await kernelPath(arch) : await ensureKernel(arch)}\n`);
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
      arch: { type: 'string' },
      root: { type: 'string' },
      init: { type: 'string' },
      workdir: { type: 'string' },
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
  const arch = archOf(values.arch);
  if (arch === 'arm64' && !(values.root && values.init))
    throw new Error('--arch arm64 needs --root and --init');
  const result = await runInVm({
    arch,
    root: values.root,
    init: values.init,
    workdir: values.workdir,
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

function archOf(value: string | undefined): VmArch {
  if (value === undefined || value === 'x86_64') return 'x86_64';
  if (value === 'arm64') return 'arm64';
  throw new Error(`--arch must be x86_64 or arm64, not ${value}`);
}
