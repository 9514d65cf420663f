import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeAsRoot } from '../testing/root.js';
import { cleanupLeftovers, listNamespaces } from './cleanup.js';
import { createLab, type Lab } from './lab.js';
import { run } from './run.js';

describeAsRoot('ns harness', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await createLab({ prefix: 'pbl', hosts: ['a', 'b'] });
  });
  afterAll(async () => {
    await lab?.destroy();
  });

  it('names namespaces with prefix and run id, addresses hosts in order', async () => {
    expect(lab.hosts.map((h) => [h.name, h.ns, h.address])).toEqual([
      ['a', `pbl-${lab.runId}-a`, '10.231.0.11'],
      ['b', `pbl-${lab.runId}-b`, '10.231.0.12'],
    ]);
    expect(await listNamespaces()).toEqual(
      expect.arrayContaining([lab.bridgeNs, ...lab.hosts.map((h) => h.ns)]),
    );
  });

  it('hosts reach each other and the server address, and nothing else (no default route)', async () => {
    const [a, b] = lab.hosts as [(typeof lab.hosts)[0], (typeof lab.hosts)[0]];
    await a.exec('ping', ['-c1', '-W1', b.address]);
    await a.exec('ping', ['-c1', '-W1', lab.serverAddress]);
    expect(await a.exec('ip', ['route'])).not.toContain('default');
    await expect(a.exec('ping', ['-c1', '-W1', '1.1.1.1'])).rejects.toThrow(/unreachable|100% packet loss/);
  });

  it('listen() serves connections from a host in this process', async () => {
    const server = await lab.listen();
    const { port } = server.address() as { port: number };
    const got = new Promise<string>((r) => server.once('connection', (s) => r(s.remoteAddress!)));
    const out = await lab.hosts[1]!.exec(process.execPath, [
      '-e',
      `const s=require('net').connect(${port},'${lab.serverAddress}',()=>{s.end();console.log('ok')})`,
    ]);
    expect(out.trim()).toBe('ok');
    expect(await got).toBe('10.231.0.12');
    // And the root namespace cannot reach it: the lab is not routed from here.
    const err = await new Promise<string>((r) => {
      const s = connect({ port, host: lab.serverAddress, timeout: 300 });
      s.on('error', (e: NodeJS.ErrnoException) => r(e.code ?? 'error'));
      s.on('timeout', () => (s.destroy(), r('timeout')));
      s.on('connect', () => (s.destroy(), r('connected')));
    });
    expect(err).not.toBe('connected');
  });

  it('destroy() kills spawned processes; cleanupLeftovers removes a crashed run only', async () => {
    const crashed = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        '-e',
        `import('${new URL('./lab.ts', import.meta.url).href}').then(m => m.createLab({ prefix: 'pbl', hosts: 1 })).then(() => process.kill(process.pid, 'SIGKILL'))`,
      ],
      { stdio: 'ignore' },
    );
    await new Promise((r) => crashed.once('exit', r));
    const leftovers = (await listNamespaces()).filter((n) => n.startsWith(`pbl-${crashed.pid}x`));
    expect(leftovers.length).toBe(2);
    const removed = await cleanupLeftovers('pbl');
    expect(removed).toEqual(expect.arrayContaining(leftovers));
    expect(removed).not.toContain(lab.bridgeNs); // our own, live run is left alone
    expect((await listNamespaces()).filter((n) => n.startsWith(`pbl-${crashed.pid}x`))).toEqual([]);

    const other = await createLab({ prefix: 'pbl', hosts: 1 });
    const sleeper = other.hosts[0]!.spawn('sleep', ['60']);
    await other.destroy();
    await new Promise((r) =>
      sleeper.exitCode !== null || sleeper.signalCode ? r(null) : sleeper.once('exit', r),
    );
    expect(sleeper.signalCode).toBe('SIGKILL');
    expect(await run('ip', ['netns', 'list'])).not.toContain(other.bridgeNs);
  });
});
