import { afterAll, expect, it } from 'vitest';
import { listNamespaces } from '@pulseboard/harness/ns/cleanup';
import { describeAsRoot } from '@pulseboard/harness/testing/root';
import { run } from '../util/exec.js';
import { cleanLeftovers } from './clean.js';
import { newRunId } from './names.js';
import { Topology } from './topology.js';

describeAsRoot('lab network', () => {
  const live = new Topology({ prefix: 'pbx', runId: newRunId() });
  // A run id whose pid cannot exist: what a crashed lab leaves behind.
  const crashed = new Topology({ prefix: 'pbx', runId: '4194999x dead'.replace(' ', '') });
  afterAll(async () => {
    await live.destroy();
    await crashed.destroy();
  });

  it('builds hosts on a bridge that reach each other and the uplink, and nothing else', async () => {
    await live.create();
    const [a, b] = await live.addHosts(['a', 'b']);
    await run('ip', ['netns', 'exec', a!.ns, 'ping', '-c1', '-W1', b!.address]);
    await run('ip', ['netns', 'exec', a!.ns, 'ping', '-c1', '-W1', live.uplinkAddress]);
    const routes = await run('ip', ['-n', a!.ns, 'route', 'show']);
    expect(routes).not.toMatch(/default/);
    expect(routes.trim().split('\n')).toHaveLength(1);
  });

  it('removes a crashed run’s namespaces on clean, and leaves a live one alone', async () => {
    await crashed.create();
    await crashed.addHosts(['x']);
    const removed = await cleanLeftovers('pbx');
    // arrayContaining: other crashed runs with the shared test prefix may be swept too.
    expect(removed).toEqual(expect.arrayContaining([crashed.names.hostNs('x'), crashed.names.switchNs]));
    const left = await listNamespaces();
    expect(left).toContain(live.names.switchNs);
    expect(left).not.toContain(crashed.names.switchNs);
  });
});
