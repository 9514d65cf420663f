import { execFileSync } from 'node:child_process';
import { test, expect } from '@pulseboard/playwright';

// A test that throws half-way leaves nothing behind for the next one: its faults are healed,
// its browser closed and its hosts removed (the recorder fixture resets the lab in any case).
test.describe.configure({ mode: 'serial' });

const namespaces = () =>
  execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ')[0]!);

let hostNamespaces: string[] = [];

test('a test that throws with a panel, a client and a fault in place', async ({
  lab,
  panelAs,
  clientAs,
  fault,
}) => {
  test.fail(true, 'throws on purpose');
  const alice = await panelAs('alice');
  const bob = await clientAs('bob', { kind: 'tcp' });
  await fault([alice, bob], 'blackhole');
  hostNamespaces = [alice.clientId, bob.clientId].map((id) => lab.client(id)!.ns);
  expect(namespaces()).toEqual(expect.arrayContaining(hostNamespaces));
  expect(lab.lab.listFaults()).toHaveLength(1);
  throw new Error('boom');
});

test('the next test starts clean', async ({ lab }) => {
  expect(hostNamespaces).toHaveLength(2);
  expect(lab.lab.listClients()).toEqual([]);
  expect(lab.lab.listFaults()).toEqual([]);
  for (const ns of hostNamespaces) expect(namespaces()).not.toContain(ns);
});
