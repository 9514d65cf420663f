// npm run bench:attacks [-- --rows 1,10] [-- --server-node-args=--cpu-prof]: the attacks of issue 12's table, measured again
// against a server in its own process (default limits, sim board, data on disk), printed
// beside the "before" figures (the filer's; the old code is not re-run). Bounded: each
// attack runs seconds, on loopback only. Prints a table and writes JSON to bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer, type RowResult, type Target } from './attack-kit.js';
import { baseline, row1, row10, row7, row8 } from './attack-floods.js';
import { row11, row13, row2, row3 } from './attack-guesses.js';
import { row12, row4, row5, row6, row9 } from './attack-inputs.js';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string' },
    'server-node-args': { type: 'string', default: '' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'results') },
  },
});

// In this order: row 13 locks the admin account for a minute, so it comes last.
const rows: [number, (t: Target) => Promise<RowResult>][] = [
  [0, baseline],
  [1, row1],
  [2, row2],
  [3, row3],
  [4, row4],
  [5, row5],
  [6, row6],
  [7, row7],
  [8, row8],
  [9, row9],
  [10, row10],
  [11, row11],
  [12, row12],
  [13, row13],
];
const wanted = args.rows?.split(',').map(Number);
if (wanted?.some((n) => !rows.some(([r]) => r === n))) {
  console.error(`--rows: a comma-separated list of 0-13, got ${JSON.stringify(args.rows)}`);
  process.exit(2);
}

const load = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(' ');
const results: (RowResult & { load: string; ms: number })[] = [];
const t = await startServer(
  join(import.meta.dirname, 'server.ts'),
  args['server-node-args'].split(' ').filter(Boolean),
);
try {
  for (const [n, run] of rows) {
    if (wanted && !wanted.includes(n)) continue;
    const started = Date.now();
    const r = await run(t);
    results.push({ ...r, load: load(), ms: Date.now() - started });
    console.error(`row ${n} done (${Math.round((Date.now() - started) / 1000)} s, load ${load()})`);
  }
} finally {
  await t.stop();
}

const cell = (s: string) => s.replace(/\|/g, '\\|');
const table = [
  `issue 12, attacks again: "before" is the issue's figures, "after" measured now (load at the end ${load()})`,
  '',
  '| row | attack | before (issue) | after (this run) | load |',
  '| --- | --- | --- | --- | --- |',
  ...results.map(
    (r) => `| ${r.row} | ${cell(r.attack)} | ${cell(r.before)} | ${cell(r.after)} | ${r.load} |`,
  ),
].join('\n');
console.log(table);
mkdirSync(args.out, { recursive: true });
const file = join(args.out, `attacks-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify({ bench: 'attacks', loadavg: loadavg(), results }, null, 2) + '\n');
console.log(`\nresults: ${file}`);
process.exit(0);
