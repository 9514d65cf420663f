#!/usr/bin/env node
// The installed entry point: all logic lives in the compiled CLI (run `npm run build` first).
import { main } from '../dist/cli.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`pulseboard-vm: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
