// npm run bench:panel [-- --samples 20]
// What a customer waits for and downloads (issue 15), beside a floor measured in the same run:
//   size        panel JS + CSS, gzip (as served)  vs the smallest React app (React + ReactDOM)
//               target: JS + CSS gzip <= 90 KB
//   first paint first-contentful-paint of the panel (fresh context: cold cache, Digest login)
//               vs the same server's "signed out" page (no script, same login): target p95 <= 500 ms
//   live board  the first tile showing a value the server sent, from navigation start
//               target p95 <= 800 ms
// Loopback only, Chromium from PULSEBOARD_CHROMIUM or /usr/bin/chromium; needs `npm run build`.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'vite';
import { summarize } from '../roundtrip/stats.js';
import { formatMs, renderTable } from '../roundtrip/table.js';
import { measureLoads } from './loads.js';
import { assetSizes } from './sizes.js';

const { values: args } = parseArgs({
  options: {
    samples: { type: 'string', default: '20' },
    out: { type: 'string', default: join(import.meta.dirname, '..', 'results') },
  },
});
const samples = Number(args.samples);
if (!Number.isInteger(samples) || samples < 1 || samples > 200)
  throw new TypeError('--samples must be a whole number from 1 to 200');

const root = join(import.meta.dirname, '..', '..');
const panelDist = join(root, 'apps/server/panel/dist');
const chromiumPath = process.env.PULSEBOARD_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(join(panelDist, 'index.html')))
  throw new Error('apps/server/panel/dist is missing: run `npm run build`');
const targets = { gzipKB: 90, paintP95: 500, liveP95: 800 };
const log = (line: string) => process.stdout.write(`${line}\n`);

log(
  `bench:panel — ${samples} loads each, load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')} on ${cpus().length} CPUs`,
);

// Size: the panel as built, and the React floor built the same way (Vite, production).
const floorOut = mkdtempSync(join(tmpdir(), 'pb-react-floor-'));
await build({
  root: join(import.meta.dirname, 'react-floor'),
  base: './',
  logLevel: 'warn',
  build: { outDir: floorOut, emptyOutDir: true, target: 'es2022' },
});
const ours = assetSizes(panelDist);
const floor = assetSizes(floorOut);
rmSync(floorOut, { recursive: true, force: true });
const kb = (b: number) => (b / 1024).toFixed(1);
const oursGzip = ours.jsGzip + ours.cssGzip;
log('');
log(
  renderTable(
    ['asset', 'measure', 'ours KB', 'React floor KB', 'ours - floor', `<= ${targets.gzipKB} KB`],
    [
      ['JS', 'gzip', kb(ours.jsGzip), kb(floor.jsGzip), kb(ours.jsGzip - floor.jsGzip), ''],
      ['CSS', 'gzip', kb(ours.cssGzip), kb(floor.cssGzip), kb(ours.cssGzip - floor.cssGzip), ''],
      [
        'JS + CSS',
        'gzip',
        kb(oursGzip),
        kb(floor.jsGzip + floor.cssGzip),
        kb(oursGzip - floor.jsGzip - floor.cssGzip),
        oursGzip <= targets.gzipKB * 1024 ? 'yes' : 'NO',
      ],
      ['JS + CSS', 'raw', kb(ours.jsBytes + ours.cssBytes), kb(floor.jsBytes + floor.cssBytes), '', ''],
    ],
  ),
);

// Time: interleaved loads of the panel and of the floor page.
log('');
const loads = await measureLoads(samples, chromiumPath, log);
const paint = summarize(loads.panel.map((s) => s.paintMs));
const paintFloor = summarize(loads.floor.map((s) => s.paintMs));
const live = summarize(loads.panel.map((s) => s.liveMs ?? NaN));
log('');
log(
  renderTable(
    ['measure', 'ours', 'n', 'ours p50', 'ours p95', 'floor p50', 'floor p95', '+p95', 'target p95', 'met'],
    [
      [
        'first paint',
        'panel',
        String(paint.n),
        formatMs(paint.p50),
        formatMs(paint.p95),
        formatMs(paintFloor.p50),
        formatMs(paintFloor.p95),
        formatMs(paint.p95 - paintFloor.p95),
        `<= ${targets.paintP95}`,
        paint.p95 <= targets.paintP95 ? 'yes' : 'NO',
      ],
      [
        'live board',
        'panel',
        String(live.n),
        formatMs(live.p50),
        formatMs(live.p95),
        formatMs(paintFloor.p50),
        formatMs(paintFloor.p95),
        formatMs(live.p95 - paintFloor.p95),
        `<= ${targets.liveP95}`,
        live.p95 <= targets.liveP95 ? 'yes' : 'NO',
      ],
    ],
  ),
);
log('floor = the same server\'s "signed out" page (inline style, no script) through the same Digest login');

mkdirSync(args.out, { recursive: true });
const file = join(args.out, `panel-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(
  file,
  JSON.stringify(
    {
      at: new Date().toISOString(),
      loadavg: loadavg(),
      cpus: cpus().length,
      samples,
      targets,
      size: { ours, reactFloor: floor },
      paint: { ours: paint, floor: paintFloor },
      live: { ours: live },
      raw: loads,
    },
    null,
    2,
  ) + '\n',
);
log(`\nwrote ${file}`);
