import { dirname, join } from 'node:path';
import { hostname } from 'node:os';
import { configEnv, type ClientConfig } from '../clients/protocol.js';
import { claimsDirName, claimUser } from './claim.js';

// A client container of the Docker engine: the ordinary virtual client (clients/main.ts),
// after resolving `$HOSTNAME` in its id and a `name-*` user to a user of its own.
const raw = process.env[configEnv];
if (!raw) throw new Error(`${configEnv} is not set`);
const cfg = JSON.parse(raw) as ClientConfig;
const me = hostname();
if (cfg.id === '$HOSTNAME') cfg.id = me;
cfg.user = claimUser(
  join(dirname(cfg.socket), claimsDirName),
  cfg.user,
  me,
  Number(process.env.PBL_POOL ?? 50),
);
// The password follows the lab's rule (controller/board.ts labPassword).
if (cfg.password === '$LAB') cfg.password = `lab-${cfg.user}-pw`;
process.env[configEnv] = JSON.stringify(cfg);
await import('../clients/main.js');
