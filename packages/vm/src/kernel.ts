import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The VM's kernel: kernel/build-kernel.sh builds it from Debian's linux-source-6.1 and caches
// it under ~/.cache/pulseboard/kernel/<hash>/ (about 10 minutes the first time on 2 cores).
// x86_64 is the test VM's; arm64 (cross-built) is for the arm64 system proof only.

/** The guest's architecture: x86_64 (the test VM) or arm64 (qemu-system-aarch64 -M virt). */
export type VmArch = 'x86_64' | 'arm64';
const archArgs = (arch: VmArch): string[] => (arch === 'arm64' ? ['--arch', 'arm64'] : []);

const buildScript = fileURLToPath(new URL('../kernel/build-kernel.sh', import.meta.url));

/** Where the cached kernel is (or would be), without building it. */
export async function kernelPath(arch: VmArch = 'x86_64'): Promise<string> {
  return lastLine(await runScript([...archArgs(arch), '--path'], 'pipe'));
}

/** True when the kernel for the current fragment is already built. */
export async function kernelIsBuilt(arch: VmArch = 'x86_64'): Promise<boolean> {
  return existsSync(await kernelPath(arch));
}

/** Builds the kernel if the cache lacks it (progress on stderr); resolves to its path. */
export async function ensureKernel(arch: VmArch = 'x86_64'): Promise<string> {
  return lastLine(await runScript(archArgs(arch), 'inherit'));
}

function runScript(args: string[], stderr: 'pipe' | 'inherit'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(buildScript, args, { stdio: ['ignore', 'pipe', stderr] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`build-kernel.sh failed (exit ${code})${err ? `:\n${err}` : ''}`));
    });
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}
