import { writeFileSync } from 'node:fs';
import { expect, test } from '@pulseboard/playwright';

// Run by rootless.spec.ts as an unprivileged user, through `pulseboard-playwright`: the whole
// fixture (namespaces, board, Chromium inside a host, a real cable pull) in a user namespace.
test.use({ labPrefix: process.env.PBL_ROOTLESS_PREFIX ?? 'pwrl' });

test('two panels and a cable pull, without root', async ({ lab, panelAs, fault }) => {
  const alice = await panelAs('alice');
  const bob = await panelAs('bob');
  await expect(bob).toShowUser('alice', 'online', { within: 10_000 });
  writeFileSync(
    process.env.PBL_ROOTLESS_HELD!,
    JSON.stringify({
      uid: process.getuid?.(),
      namespaces: [alice, bob].map((p) => lab.client(p.clientId)!.ns),
    }),
  );
  await fault(alice, 'cable-pull');
  await expect(lab).toHaveDetected(alice, { within: 3000 });
  await expect(bob).toShowUser('alice', 'offline', { within: 3000 });
});
