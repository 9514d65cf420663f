import { writeFileSync } from 'node:fs';
import { test } from '@pulseboard/playwright';

// Started by interrupt.spec.ts: builds a lab with a panel, a client and a fault in place,
// says where its objects are, then waits for the Ctrl-C.
test.use({ labPrefix: process.env.PBL_INTERRUPT_PREFIX ?? 'pwint' });

test('holds a lab until interrupted', async ({ lab, panelAs, clientAs, fault }) => {
  const alice = await panelAs('alice');
  const bob = await clientAs('bob', { kind: 'tcp' });
  await fault([alice, bob], 'blackhole');
  const held = {
    prefix: lab.lab.prefix,
    runDir: lab.lab.runDir,
    uplink: lab.lab.topology.names.uplink,
    namespaces: [lab.lab.topology.names.switchNs, ...[alice, bob].map((t) => lab.client(t.clientId)!.ns)],
  };
  writeFileSync(process.env.PBL_INTERRUPT_READY!, JSON.stringify(held));
  await new Promise(() => undefined);
});
