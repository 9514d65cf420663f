// How the lab gets the privileges it needs, decided from facts gathered by `probe.ts`.
// Pure, so every branch (root, user namespace allowed, not allowed and why) is unit-tested.

/** What the machine told us. Sysctl values are the file contents, undefined when absent. */
export interface HostFacts {
  uid: number;
  /** `unshare` (util-linux) on PATH */
  unshare: boolean;
  /** `ip` (iproute2) on PATH */
  ip: boolean;
  sysctl: {
    maxUserNamespaces?: string;
    maxNetNamespaces?: string;
    maxMntNamespaces?: string;
    maxPidNamespaces?: string;
    unprivilegedUsernsClone?: string;
    apparmorRestrictUserns?: string;
  };
  /** The probe (see probe.ts); undefined when it was not run (nothing to try it with). */
  probe?: ProbeResult;
  /** PULSEBOARD_LAB_ROOTLESS=0 */
  optOut?: boolean;
}

export type ProbeStep = 'unshare' | 'mount' | 'netns' | 'link';

export interface ProbeResult {
  ok: boolean;
  /** The step that failed. */
  step?: ProbeStep;
  stderr?: string;
}

export type Decision = { mode: 'root' } | { mode: 'rootless' } | { mode: 'unavailable'; missing: string[] };

export const rootHint =
  'root: creating network namespaces, veth pairs and nftables tables needs CAP_NET_ADMIN and CAP_SYS_ADMIN (run as root, `sudo pulseboard-lab ...`, or allow unprivileged user namespaces for the rootless mode)';

/** The sysctls that turn unprivileged user namespaces off, each with the command that turns them on. */
function sysctlBlockers(s: HostFacts['sysctl']): string[] {
  const out: string[] = [];
  const zero = (name: string, value: string | undefined) => {
    if (value === '0') out.push(`${name}=0 disables them (allow: sysctl -w ${name}=15000, or run as root)`);
  };
  zero('user.max_user_namespaces', s.maxUserNamespaces);
  zero('user.max_net_namespaces', s.maxNetNamespaces);
  zero('user.max_mnt_namespaces', s.maxMntNamespaces);
  zero('user.max_pid_namespaces', s.maxPidNamespaces);
  if (s.unprivilegedUsernsClone === '0')
    out.push(
      'kernel.unprivileged_userns_clone=0 disables them for unprivileged users (allow: sysctl -w kernel.unprivileged_userns_clone=1, or run as root)',
    );
  if (s.apparmorRestrictUserns === '1')
    out.push(
      'kernel.apparmor_restrict_unprivileged_userns=1: AppArmor denies capabilities inside them (allow: sysctl -w kernel.apparmor_restrict_unprivileged_userns=0, or an AppArmor profile with `userns,` for node; or run as root)',
    );
  return out;
}

function probeMessage(p: ProbeResult): string {
  const err = p.stderr?.trim() ? `: ${p.stderr.trim()}` : '';
  switch (p.step) {
    case 'mount':
      return `user namespaces: mounting a tmpfs over /run/netns inside one failed${err}`;
    case 'netns':
      return `user namespaces: \`ip netns add\` inside one failed${err}`;
    case 'link':
      return `user namespaces: creating a bridge inside one failed${err}`;
    default:
      return `user namespaces: \`unshare --user --map-root-user --net --mount --pid\` failed${err} (a container's seccomp profile or a security module may block them; or run as root)`;
  }
}

/** What a CLI prints when the lab can run neither as root nor rootless. */
export function unavailableMessage(tool: string, missing: readonly string[]): string {
  return `${tool}: the lab needs root or unprivileged user namespaces; missing:\n${missing.map((m) => `  - ${m}`).join('\n')}\n`;
}

export function decide(f: HostFacts): Decision {
  if (f.uid === 0) return { mode: 'root' };
  if (f.probe?.ok && f.unshare && f.ip && !f.optOut) return { mode: 'rootless' };
  const missing = [rootHint];
  if (f.optOut) {
    missing.push('rootless mode turned off (PULSEBOARD_LAB_ROOTLESS=0)');
    return { mode: 'unavailable', missing };
  }
  if (!f.unshare)
    missing.push('unshare: not on PATH, needed for the rootless mode (apt-get install util-linux)');
  if (!f.ip) missing.push('iproute2: the `ip` command is not on PATH (apt-get install iproute2)');
  const blockers = sysctlBlockers(f.sysctl);
  if (blockers.length > 0) missing.push(...blockers.map((b) => `user namespaces: ${b}`));
  else if (f.probe && !f.probe.ok) missing.push(probeMessage(f.probe));
  return { mode: 'unavailable', missing };
}
