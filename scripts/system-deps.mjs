// The system packages the tests need, and how to get them. `npm test` calls ensureSystemDeps()
// first: as root on Debian it installs what is missing, otherwise it prints the exact command.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Each check names a Debian package and how to tell it is there. */
export const systemDeps = [
  { pkg: 'chromium', present: () => existsSync('/usr/bin/chromium') },
  { pkg: 'nftables', present: () => hasCommand('nft') },
  { pkg: 'iproute2', present: () => hasCommand('ip') && hasCommand('tc') },
  { pkg: 'curl', present: () => hasCommand('curl') },
  { pkg: 'gcc', present: () => hasCommand('cc') },
  {
    pkg: 'linux-libc-dev',
    present: () => existsSync('/usr/include/linux/tcp.h') && existsSync('/usr/include/linux/gpio.h'),
  },
  { pkg: 'libc6-dev', present: () => existsSync('/usr/include/stdio.h') },
  { pkg: 'procps', present: () => hasCommand('pkill') },
  { pkg: 'iputils-ping', present: () => hasCommand('ping') },
  { pkg: 'kmod', present: () => hasCommand('modprobe') },
];

function hasCommand(name) {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

export function missingSystemDeps() {
  return systemDeps.filter((d) => !d.present()).map((d) => d.pkg);
}

export function ensureSystemDeps() {
  const missing = missingSystemDeps();
  if (missing.length === 0) return true;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${missing.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) {
    console.error(`Missing system packages: ${missing.join(', ')}. Install them with:\n  sudo ${command}`);
    return false;
  }
  console.log(`Installing missing system packages: ${missing.join(', ')}`);
  execFileSync('sh', ['-c', command], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return missingSystemDeps().length === 0;
}
