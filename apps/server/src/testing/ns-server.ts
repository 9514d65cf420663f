import type { AddressInfo } from 'node:net';
import { cleanupLeftovers, createLab, type Lab } from '@pulseboard/harness/ns/index';
import type { ServerOptionsInput } from '../options.js';
import { startTestServer, testUsers, type TestServer } from './harness.js';
import type { ClientEvent } from './ns-client-handle.js';

// The in-process server on the lab's bridge side, with client hosts in their own namespaces:
// the set-up every server namespace test shares.

export interface NsServer {
  lab: Lab;
  t: TestServer;
  /** The server as the hosts reach it, e.g. http://10.231.0.1:41234 */
  url: string;
  close(): Promise<void>;
}

export async function startNsServer(
  prefix: string,
  hosts: string[],
  options: ServerOptionsInput = {},
): Promise<NsServer> {
  await cleanupLeftovers(prefix);
  const lab = await createLab({ prefix, hosts });
  let t: TestServer | undefined;
  try {
    t = await startTestServer(options);
    const listener = await lab.listen();
    t.server.acceptFrom(listener);
    const url = `http://${lab.serverAddress}:${(listener.address() as AddressInfo).port}`;
    const server = t;
    return {
      lab,
      t: server,
      url,
      async close() {
        await server.close();
        await lab.destroy();
      },
    };
  } catch (err) {
    await t?.close();
    await lab.destroy();
    throw err;
  }
}

export const passwordOf = (name: string): string => testUsers.find((u) => u.name === name)!.password;

/** Matches the presence event telling that `user` turned `state`. */
export const userState =
  (user: string, state: 'online' | 'suspect' | 'offline') =>
  (e: ClientEvent): boolean => {
    const change = e.event.change as { type?: string; user?: string; state?: string } | undefined;
    return (
      e.event.type === 'presence' &&
      change?.type === 'userState' &&
      change.user === user &&
      change.state === state
    );
  };
