// Run the CLI from source: node --conditions=source --import tsx packages/netlab/src/cli-main.ts ...
import { main } from './cli.js';

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`pulseboard-lab: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
