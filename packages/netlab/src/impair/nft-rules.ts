// nftables scripts for the lab's own kernel faults (blackhole, loss, rst live in the harness,
// faults/nft.ts). Each fault gets its own table so healing it is one `delete table`.

/**
 * A partition on the switch: each pair [from, to] drops packets from `from` to `to` only,
 * so a one-way partition is one pair and a full one is two.
 */
export function partitionScript(table: string, pairs: [string, string][]): string {
  const rules = pairs.map(([s, d]) => `    ip saddr ${s} ip daddr ${d} drop;`).join('\n');
  return `table bridge ${table} {
  chain cut {
    type filter hook forward priority -300; policy accept;
${rules}
  }
}
`;
}

export function deleteTableScript(family: 'inet' | 'bridge', table: string): string {
  return `delete table ${family} ${table}\n`;
}
