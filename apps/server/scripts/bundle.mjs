// Bundles the built server (dist/cli.js, compiled by tsc) and its pure-JS dependencies into
// dist/pulseboard.bundle.js, which bin/pulseboard.js runs. Why: loading ~400 small modules
// (zod alone is ~200 with its locales, all imported by its index) costs a small board ~5 MB
// of resident memory and half a second of start-up; one tree-shaken file costs neither
// (bench/footprint). Kept outside the bundle: native addons (better-sqlite3, ffi-rs) and
// prom-client (loaded on the first /metrics). pino is inside: loading its ~15 CommonJS files
// at start (like better-sqlite3's, now loaded at first use) made V8 optimize Node's path
// functions, and its optimizing compiler touched ~3 MB of the node binary. pino's transports
// (worker threads that find files beside pino) would not work from a bundle; the server uses
// none: it logs JSON lines to stdout.
// The SQLite writer's worker is a second entry beside it: startWorker() finds it next to the
// code that starts it. Paths the code builds from import.meta.url (../package.json,
// ../panel/dist) hold because the bundle sits in dist/ like the files it replaces.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const dir = (p) => fileURLToPath(new URL(p, import.meta.url));
await build({
  entryPoints: {
    'pulseboard.bundle': dir('../dist/cli.js'),
    'sqlite-writer-worker': dir('../../../packages/core/dist/store/sqlite-writer-worker.js'),
  },
  outdir: dir('../dist'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  external: ['better-sqlite3', 'ffi-rs', '@yuuang/*', 'prom-client'],
  // Bundled CommonJS modules call require() for Node built-ins: give the ES module one.
  banner: {
    js: "import { createRequire as __pbRequire } from 'node:module'; const require = __pbRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
