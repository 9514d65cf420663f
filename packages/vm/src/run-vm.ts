import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './free-port.js';
import { ensureKernel, type VmArch } from './kernel.js';

// Runs a bash script in a throw-away qemu VM whose root file system is the host's / (9p,
// read-only), so the guest sees the same node, node_modules and build as the host. Writable
// folders are tmpfs overlays: nothing the guest writes reaches the host, except through the
// job folder (shared read-write at the same path on both sides). The guest's exit status
// comes back through qemu's isa-debug-exit device (x86_64), or, on arm64's virt board which
// has none, through the job folder's `status` file before the guest powers off (PSCI).

export interface VmOptions {
  /** Bash script run in the guest as root; its exit status is the run's. */
  script: string;
  /** Guest architecture (default x86_64; arm64: qemu-system-aarch64, see arm64/prove-arm64.sh). */
  arch?: VmArch;
  /** Host folder booted as the guest's read-only / (default '/': the host's own). */
  root?: string;
  /** guest/init.sh as the guest sees it (default: its host path; set it when root is not '/'). */
  init?: string;
  /** Folder the script starts in (default: the current one). */
  workdir?: string;
  memoryMb?: number;
  cpus?: number;
  /** Guest TCP ports to reach from the host: each gets a free 127.0.0.1 port (see Vm.ports). */
  forward?: number[];
  /** Folders the guest may write (tmpfs overlays; default: workdir and $HOME). */
  writable?: string[];
  /** Host folders the guest writes through to (9p, read-write, same path): e.g. test reports. */
  shared?: string[];
  /** Extra environment for the script (on top of PATH, HOME, LANG, CI, PULSEBOARD_*...). */
  env?: Record<string, string>;
  /** Kill the VM after this long (default 10 min). */
  timeoutMs?: number;
  /** Console text as it arrives (boot messages, the script's stdout and stderr). */
  onOutput?: (text: string) => void;
  /** Kernel image to boot (default: the cached build for arch, built first if missing). */
  kernel?: string;
  /** Print kernel messages too (default: quiet; also PULSEBOARD_VM_VERBOSE=1). */
  verbose?: boolean;
}

export interface VmResult {
  /** The script's exit status; null when the VM stopped without one (see reason). */
  status: number | null;
  reason?: string;
  /** Everything the console printed. */
  output: string;
  elapsedMs: number;
}

export interface Vm {
  /** Guest port → host port on 127.0.0.1. */
  ports: Map<number, number>;
  /** Shared read-write with the guest, at the same path; removed after exit. */
  jobDir: string;
  output(): string;
  exited: Promise<VmResult>;
  /** Stops qemu at once (the guest gets no say). */
  kill(): void;
}

const initScript = fileURLToPath(new URL('../guest/init.sh', import.meta.url));
const passEnv = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TERM', 'CI', 'NO_COLOR', 'FORCE_COLOR'];
const quote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

// What differs per architecture: the board, the CPU, the console and how virtio is attached
// (x86: PCI; virt: its own MMIO transports, no PCI in the arm64 kernel).
function machine(
  arch: VmArch,
  kvm: boolean,
): { qemu: string; args: string[]; console: string; virtio: string } {
  if (arch === 'arm64') {
    return {
      qemu: 'qemu-system-aarch64',
      args: ['-machine', 'virt,accel=tcg', '-cpu', 'cortex-a72'],
      console: 'ttyAMA0',
      virtio: 'device',
    };
  }
  return {
    qemu: 'qemu-system-x86_64',
    args: [
      ...['-machine', `pc,accel=${kvm ? 'kvm:tcg' : 'tcg'}`, '-cpu', kvm ? 'host' : 'max'],
      ...['-device', 'isa-debug-exit,iobase=0xf4,iosize=0x04'],
    ],
    console: 'ttyS0',
    virtio: 'pci',
  };
}

export async function startVm(options: VmOptions): Promise<Vm> {
  const arch = options.arch ?? 'x86_64';
  const kernel = options.kernel ?? (await ensureKernel(arch));
  const workdir = options.workdir ?? process.cwd();
  const writable = options.writable ?? [workdir, homedir()];
  const ports = new Map<number, number>();
  for (const guest of options.forward ?? []) ports.set(guest, await freePort());

  const jobDir = mkdtempSync(join(tmpdir(), 'pulseboard-vm-'));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && (passEnv.includes(k) || k.startsWith('PULSEBOARD_'))) env[k] = v;
  }
  Object.assign(env, { PULSEBOARD_IN_VM: '1' }, options.env);
  const shared = options.shared ?? [];
  writeFileSync(
    join(jobDir, 'job.sh'),
    [
      `OVERLAYS=(${writable.map(quote).join(' ')})`,
      `SHARED=(${shared.map(quote).join(' ')})`,
      `WORKDIR=${quote(workdir)}`,
      ...Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`),
      '',
    ].join('\n'),
  );
  writeFileSync(join(jobDir, 'command.sh'), options.script);

  const verbose = options.verbose ?? process.env.PULSEBOARD_VM_VERBOSE === '1';
  // TCG by default: a /dev/kvm without working hardware virtualization (nested, or no vmx/svm
  // flags) hangs the guest silently. PULSEBOARD_VM_ACCEL=kvm opts in where KVM really works.
  const kvm = arch === 'x86_64' && process.env.PULSEBOARD_VM_ACCEL === 'kvm' && existsSync('/dev/kvm');
  const board = machine(arch, kvm);
  const append = [
    `console=${board.console}`,
    'root=root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose ro',
    `init=${options.init ?? initScript}`,
    `pulseboard.job=${jobDir}`,
    'ip=10.0.2.15::10.0.2.2:255.255.255.0::eth0:off',
    'panic=-1',
    // x86 under TCG on a loaded host: the kernel's IO-APIC timer check can miss its ticks and
    // panic at boot ("IO-APIC + timer doesn't work", seen once at load ~8); skip the check.
    ...(arch === 'x86_64' && !kvm ? ['no_timer_check'] : []),
    verbose ? 'loglevel=7' : 'quiet loglevel=1',
  ].join(' ');
  const hostfwd = [...ports].map(([guest, host]) => `,hostfwd=tcp:127.0.0.1:${host}-:${guest}`).join('');
  const args = [
    ...['-nodefaults', '-no-user-config', '-no-reboot', '-display', 'none'],
    ...board.args,
    ...['-m', String(options.memoryMb ?? 512), '-smp', String(options.cpus ?? 1)],
    ...['-rtc', 'base=utc', '-serial', 'stdio'],
    ...[
      '-fsdev',
      `local,id=root,path=${options.root ?? '/'},security_model=none,readonly=on,multidevs=remap`,
    ],
    ...['-device', `virtio-9p-${board.virtio},fsdev=root,mount_tag=root`],
    ...['-fsdev', `local,id=job,path=${jobDir},security_model=none`],
    ...['-device', `virtio-9p-${board.virtio},fsdev=job,mount_tag=job`],
    ...shared.flatMap((path, i) => [
      ...['-fsdev', `local,id=shared${i},path=${path},security_model=none`],
      ...['-device', `virtio-9p-${board.virtio},fsdev=shared${i},mount_tag=shared${i}`],
    ]),
    ...['-netdev', `user,id=net0${hostfwd}`, '-device', `virtio-net-${board.virtio},netdev=net0`],
    ...['-kernel', kernel, '-append', append],
  ];

  const started = Date.now();
  const qemu = spawn(board.qemu, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const onData = (d: Buffer): void => {
    const text = d.toString().replaceAll('\r', '');
    output += text;
    options.onOutput?.(text);
  };
  qemu.stdout.on('data', onData);
  qemu.stderr.on('data', onData);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    qemu.kill('SIGKILL');
  }, options.timeoutMs ?? 600_000);

  const exited = new Promise<VmResult>((resolve) => {
    const finish = (code: number | null, error?: Error): void => {
      clearTimeout(timer);
      const elapsedMs = Date.now() - started;
      const statusFile = join(jobDir, 'status');
      const reported = existsSync(statusFile) ? Number(readFileSync(statusFile, 'utf8').trim()) : null;
      rmSync(jobDir, { recursive: true, force: true });
      // isa-debug-exit: qemu exits with (value << 1) | 1; anything else means no status.
      if (arch === 'x86_64' && !error && !timedOut && code !== null && code % 2 === 1)
        return resolve({ status: code >> 1, output, elapsedMs });
      // arm64: the guest wrote its status, then powered off (qemu exits 0).
      if (arch === 'arm64' && !error && !timedOut && code === 0 && reported !== null)
        return resolve({ status: reported, output, elapsedMs });
      const reason = error
        ? `qemu did not start: ${error.message}`
        : timedOut
          ? `timed out after ${elapsedMs} ms`
          : `VM stopped without reporting a status (qemu exit ${code}${reported !== null ? `, script exit ${reported}` : ''})`;
      resolve({ status: null, reason, output, elapsedMs });
    };
    qemu.on('error', (err) => finish(null, err));
    qemu.on('exit', (code) => finish(code));
  });

  return { ports, jobDir, output: () => output, exited, kill: () => qemu.kill('SIGKILL') };
}

/** Boots, runs `script`, resolves when the VM has stopped. */
export async function runInVm(options: VmOptions): Promise<VmResult> {
  return (await startVm(options)).exited;
}
