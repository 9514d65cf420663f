import { dirname, join } from 'node:path';
import { main } from '../cli.js';
import { claimsDirName, clearClaims } from './claim.js';

// The lab container of the Docker engine: `pulseboard-lab serve ARGS` after clearing the
// user claims of a previous run on the shared hub volume (its clients restart and claim anew
// when the lab's socket goes away).
const args = process.argv.slice(2);
const at = args.indexOf('--hub');
const hub = (at >= 0 ? args[at + 1] : undefined) ?? '/run/pulseboard-lab/hub.sock';
clearClaims(join(dirname(hub), claimsDirName));
main(['serve', ...args]).then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`pulseboard-lab: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
