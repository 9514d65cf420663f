import { decide, type Decision } from '@pulseboard/netlab/rootless/decide';
import { gatherFacts } from '@pulseboard/netlab/rootless/probe';

/**
 * Why the lab cannot run here, in words a test author can act on, or undefined when it can.
 * The fixture runs the lab in the test's own process, which needs root (CAP_NET_ADMIN and
 * CAP_SYS_ADMIN) for namespaces, veth pairs and nftables: real root, or the root of the user
 * namespace `pulseboard-playwright` (cli.ts) runs Playwright in.
 */
export async function labUnavailable(): Promise<string | undefined> {
  if (process.platform !== 'linux')
    return `the Pulseboard lab needs Linux network namespaces (this is ${process.platform})`;
  if (process.getuid?.() === 0) return undefined;
  const d: Decision = decide(await gatherFacts());
  const why =
    d.mode === 'unavailable'
      ? `network namespaces are not available to this user: ${d.missing.join('; ')}`
      : 'the fixture builds the lab inside the test process, which needs root here';
  return `@pulseboard/playwright: ${why}. Run the tests through \`npx pulseboard-playwright test\` (the lab's rootless mode: a user namespace of its own), or as root (e.g. in CI's container).`;
}
