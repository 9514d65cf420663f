import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, test as base } from '@pulseboard/playwright';
import { startLanBoard, type LanBoard } from './lan-board.js';

// `labBoard` as a URL: a board the lab does not run (here one on a "LAN" of the test's own).
// The lab reaches it by routing, without NAT, so the board sees each panel at its own address:
// detections are attributed to the right client and faults on a panel's link are real.
const subnet = 77;

const test = base.extend<object, { lanBoard: LanBoard }>({
  lanBoard: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use, workerInfo) => {
      const board = await startLanBoard(workerInfo.parallelIndex, subnet + workerInfo.parallelIndex);
      const before = forwarding(board.rootLink);
      await use(board);
      // The lab (it depends on this board) has stopped: its guard is gone, forwarding is as it was.
      const after = { tables: guardTables(), forwarding: forwarding(board.rootLink) };
      await board.stop();
      expect(after).toEqual({ tables: [], forwarding: before });
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  labBoard: [async ({ lanBoard }, use) => use(lanBoard.url), { scope: 'worker' }],
  labAccounts: [async ({ lanBoard }, use) => use(lanBoard.accounts), { scope: 'worker' }],
  labSubnet: [subnet, { scope: 'worker' }],
});
test.describe.configure({ mode: 'serial' });

const forwarding = (dev: string) => readFileSync(`/proc/sys/net/ipv4/conf/${dev}/forwarding`, 'utf8').trim();
const guardTables = () =>
  execFileSync('nft', ['list', 'tables', 'ip'], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes('pblx_'));

test('an external board: a cable pull is detected, told and made safe', async ({
  lab,
  panelAs,
  fault,
  lanBoard,
}) => {
  expect(lab.boardUrl).toBe(lanBoard.url);
  expect(lab.lab.topology.octet).toBe(subnet + test.info().parallelIndex);
  const alice = await panelAs('alice');
  const bob = await panelAs('bob');
  await expect(bob).toShowUser('alice', 'online', { within: 10_000 });
  await alice.page.getByTestId('line-pump-toggle').click();
  await expect(lab.line('pump')).toHaveValue(1, { within: 5000 });

  await fault(alice, 'cable-pull');
  await expect(lab).toHaveDetected(alice, { within: 3000 });
  await expect(bob).toShowUser('alice', 'offline', { within: 3000 });
  await expect(lab.line('pump')).toHaveValue(0, { within: 5000 });
});

test('forwarding only between the lab and the board, while the lab runs', async ({ lab, lanBoard }) => {
  const names = lab.lab.topology.names;
  expect(guardTables()).toContain(`table ip pblx_${names.prefix}_${names.runId}`);
  expect(forwarding(names.uplink)).toBe('1');
  expect(forwarding(lanBoard.rootLink)).toBe('1');
});

test('a user with no account on the external board gets a clear error', async ({ panelAs }) => {
  await expect(panelAs('mallory')).rejects.toThrow(
    '"mallory" has no account given for the external board (accounts given: lab, alice, bob)',
  );
});
