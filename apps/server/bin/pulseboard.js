#!/usr/bin/env -S node --max-semi-space-size=2 --v8-pool-size=1 --optimize-for-size
// The installed entry point: all logic lives in the compiled CLI, bundled into one file
// (`npm run build` makes both; apps/server/scripts/bundle.mjs says why). The node flags above
// are the ones deploy/pulseboard.service and `npm start` use too (unit-file.test.ts).
import { main } from '../dist/pulseboard.bundle.js';

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`pulseboard: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
