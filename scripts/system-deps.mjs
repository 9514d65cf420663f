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
  // deploy/pulseboard.service is checked with systemd-analyze verify.
  { pkg: 'systemd', present: () => hasCommand('systemd-analyze') },
  // The test VM (packages/vm): qemu, and Debian's kernel source with what building it needs.
  { pkg: 'qemu-system-x86', present: () => hasCommand('qemu-system-x86_64') },
  { pkg: 'linux-source-6.1', present: () => existsSync('/usr/src/linux-source-6.1.tar.xz') },
  { pkg: 'xz-utils', present: () => hasCommand('xz') },
  { pkg: 'make', present: () => hasCommand('make') },
  { pkg: 'flex', present: () => hasCommand('flex') },
  { pkg: 'bison', present: () => hasCommand('bison') },
  { pkg: 'bc', present: () => hasCommand('bc') },
  { pkg: 'libelf-dev', present: () => existsSync('/usr/include/libelf.h') },
  { pkg: 'libssl-dev', present: () => existsSync('/usr/include/openssl/ssl.h') },
  // The Docker suite (scripts/docker-suite.mjs) runs a private dockerd of its own.
  { pkg: 'docker.io', present: () => hasCommand('dockerd') },
  { pkg: 'docker-compose', present: () => hasCommand('docker-compose') },
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
  // docker.io must not start the system's dockerd on install (iptables rules, docker0,
  // ip_forward=1): a policy-rc.d that forbids starting services, for the install only.
  const policy = '/usr/sbin/policy-rc.d';
  const guarded =
    missing.includes('docker.io') && !existsSync(policy)
      ? `printf '#!/bin/sh\\nexit 101\\n' >${policy} && chmod +x ${policy} && { ${command}; s=$?; rm -f ${policy}; exit $s; }`
      : command;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync('/etc/debian_version')) {
    console.error(`Missing system packages: ${missing.join(', ')}. Install them with:\n  sudo ${command}`);
    return false;
  }
  console.log(`Installing missing system packages: ${missing.join(', ')}`);
  execFileSync('sh', ['-c', guarded], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return missingSystemDeps().length === 0;
}
