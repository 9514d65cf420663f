import { runIn } from '../ns/run.js';

// Faults that filter packets live in one nftables table inside the host's own namespace, so
// they vanish with the namespace and never touch the root namespace's ruleset.
export const FAULT_TABLE = 'pb_fault';

export type FilterRule = 'drop' | { lossPercent: number } | 'reject-tcp-reset';

/**
 * The nft script that (re)creates the fault table with one rule per direction. With
 * `startSec` (epoch seconds) the rules stay dormant until the kernel clock reaches it
 * (`meta time`, whole seconds only), so a fault starts at a known instant however long the
 * command that installs it takes.
 */
export function filterScript(rule: FilterRule, startSec?: number): string {
  const base = [
    `table inet ${FAULT_TABLE}`,
    `delete table inet ${FAULT_TABLE}`,
    `table inet ${FAULT_TABLE} {`,
  ];
  let input: string;
  let output: string;
  if (rule === 'drop') {
    input = output = 'drop';
  } else if (rule === 'reject-tcp-reset') {
    // The host answers whatever TCP the peer sends next with a reset; its own sockets are left
    // alone, like a machine that rebooted and no longer knows the connection.
    input = 'meta l4proto tcp reject with tcp reset';
    output = 'meta l4proto tcp tcp flags & rst == 0 drop';
  } else {
    // Each direction independently: a packet is dropped when a fresh random number mod 100 < N.
    input = output = `numgen random mod 100 < ${rule.lossPercent} drop`;
  }
  const when = startSec === undefined ? '' : `meta time >= ${startSec} `;
  return [
    ...base,
    `  chain in { type filter hook input priority -10; policy accept; ${when}${input}; }`,
    `  chain out { type filter hook output priority -10; policy accept; ${when}${output}; }`,
    '}',
    '',
  ].join('\n');
}

export async function applyFilter(ns: string, rule: FilterRule, startSec?: number): Promise<void> {
  await runIn(ns, 'nft', ['-f', '-'], filterScript(rule, startSec));
}

export async function clearFilter(ns: string): Promise<void> {
  await runIn(ns, 'nft', ['-f', '-'], `table inet ${FAULT_TABLE}\ndelete table inet ${FAULT_TABLE}\n`);
}
