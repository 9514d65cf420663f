import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@pulseboard/playwright';

// Two workers run at once, each with a lab of its own: different names, different subnets, and
// both networks up at the same time. Each test publishes its lab and waits for the other's.
// Workers are children of one runner: its pid names this run's meeting folder.
const meetingPoint = join(tmpdir(), `pulseboard-playwright-meet-${process.ppid}`);

for (const side of ['a', 'b'])
  test(`worker ${side} has a network of its own`, async ({ lab }, info) => {
    mkdirSync(meetingPoint, { recursive: true });
    const mine = { prefix: lab.lab.prefix, subnet: lab.lab.topology.octet, worker: info.parallelIndex };
    writeFileSync(join(meetingPoint, `${side}-${process.pid}.json`), JSON.stringify(mine));
    const other = side === 'a' ? 'b' : 'a';
    let theirs: typeof mine | undefined;
    for (let i = 0; i < 600 && !theirs; i++) {
      const f = readdirSync(meetingPoint).find((n) => n.startsWith(`${other}-`));
      if (f) theirs = JSON.parse(readFileSync(join(meetingPoint, f), 'utf8')) as typeof mine;
      else await new Promise((r) => setTimeout(r, 100));
    }
    expect(theirs, 'the other worker never started its lab').toBeDefined();
    expect(theirs!.worker).not.toBe(mine.worker);
    expect(theirs!.prefix).not.toBe(mine.prefix);
    expect(theirs!.subnet).not.toBe(mine.subnet);
    // Both labs work at the same time: a client joins this one.
    const c = await lab.clientAs(`user-${side}`, { kind: 'ws' });
    expect(lab.client(c.clientId)?.state).toBe('connected');
  });
