import { parseArgs } from 'node:util';
import { containerIp } from './engine.js';
import type { DockerFaultKind } from './faults.js';
import { measureFault } from './measure.js';

// By hand, against a running `docker-compose -p pulseboard up` (as root, on the host):
//   node --conditions=source --import tsx packages/netlab/src/docker/measure-main.ts \
//     --kind power-off --container pulseboard_alice_1
const { values } = parseArgs({
  options: {
    kind: { type: 'string', default: 'power-off' },
    container: { type: 'string' },
    project: { type: 'string', default: 'pulseboard' },
    timeout: { type: 'string', default: '10000' },
  },
});
if (!values.container) throw new TypeError('--container is required');
const network = `${values.project}_labnet`;
const board = await containerIp(`${values.project}_board_1`, network).catch(() =>
  containerIp(`${values.project}-board-1`, network),
);
const m = await measureFault({
  boardUrl: `http://${board}:8080`,
  container: values.container,
  network,
  kind: values.kind as DockerFaultKind,
  timeoutMs: Number(values.timeout),
});
const { fault, ...rest } = m;
process.stdout.write(JSON.stringify({ ...rest, healable: Boolean(fault.heal) }) + '\n');
if (fault.heal && process.env.PBL_KEEP_FAULT !== '1') await fault.heal();
