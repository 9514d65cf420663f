#!/usr/bin/env node
// The installed entry point: all logic lives in the compiled CLI (run `npm run build` first).
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`pulseboard-playwright: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
