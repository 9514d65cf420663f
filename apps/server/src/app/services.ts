import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '@pulseboard/core';
import {
  createAuthenticator,
  openUserStore,
  type Authenticator,
  type UserStore,
} from '@pulseboard/core/auth/index';
import { createController, type Controller } from '@pulseboard/core/control/controller';
import { loadBoard } from '@pulseboard/core/hardware/load-board';
import { createDriver } from '@pulseboard/core/hardware/drivers/index';
import type { BoardDriver } from '@pulseboard/core/hardware/driver';
import { createChat, type Chat } from '@pulseboard/core/control/chat';
import { openChatStore } from '@pulseboard/core/control/chat-store';
import { createAllowlist, createPresence } from '@pulseboard/core/presence/index';
import { openAuditStore, type AuditStore } from '@pulseboard/core/store/audit';
import { EventHub } from '../events/hub.js';
import { createMetrics, type ServerMetrics } from '../metrics/metrics.js';
import type { ServerOptions } from '../options.js';
import { ConnectionCaps } from './connection-caps.js';
import { HttpConnections } from './http-connections.js';
import { LiveConnections } from './live-connections.js';
import { WarnLimiter } from './warn-limiter.js';

export type Presence = ReturnType<typeof createPresence>;
export type Allowlist = ReturnType<typeof createAllowlist>;

/** Everything a request handler may touch; built once per server. */
export interface Services {
  options: ServerOptions;
  log: Logger;
  users: UserStore;
  auth: Authenticator;
  allowlist: Allowlist;
  presence: Presence;
  controller: Controller;
  /** The board's driver: the sim routes drive a simulated board's inputs and faults. */
  driver: BoardDriver;
  store: AuditStore;
  chat: Chat;
  hub: EventHub;
  metrics: ServerMetrics;
  live: LiveConnections;
  /** Authenticated HTTP keep-alive sockets as presence connections (transport "http"). */
  httpConns: HttpConnections;
  warnBasicOnce(user: string): void;
  /** Rate limits repeated warnings (floods, lockouts): one line per key per 10 s. */
  warnings: WarnLimiter;
  /** Global and per-address (before authentication) socket caps. */
  caps: ConnectionCaps;
  /** Configuration the server was given but does not use (shown on /healthz and logged once). */
  configWarnings: { code: string; message: string }[];
  /**
   * Starts the SQLite writer threads, which otherwise start with the first write: called when
   * someone connects, so an idle board runs none (~10 MB each) and a panel's first operation
   * does not wait for a thread to boot.
   */
  warmWriters?(): void;
  close(): Promise<void>;
}

export async function createServices(options: ServerOptions, log: Logger): Promise<Services> {
  // Validate the board before touching the disk: a typo must not leave a data dir behind.
  const board = loadBoard(options.board);
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  const allow = options.allow.length ? options.allow : undefined;
  const driver = createDriver(board, { sim: { latencyMs: options.simLatencyMs } });
  const store = openAuditStore(join(options.dataDir, 'audit.db'), { sync: options.storageSync });
  const controller = await createController({
    board,
    driver,
    store,
    logger: log,
    operationRate: options.operationRate,
    maxQueuedPerLine: options.maxQueuedPerLine,
  });
  const users = openUserStore({ dataDir: options.dataDir });
  // Chat history in its own SQLite file beside the audit log; bounded, crash-safe (core).
  const chatStore = openChatStore(join(options.dataDir, 'chat.db'), { sync: options.storageSync });
  const chat = createChat({ store: chatStore });
  const basicWarned = new Set<string>();
  const presence = createPresence({
    maxUsers: options.maxUsers,
    ...(allow ? { allow } : {}),
    graceMs: options.graceMs,
  });
  const hub = new EventHub();
  const metrics = createMetrics(options.defaultMetrics);
  const warmWriters = () => {
    // A failure to open reaches the first write as STORE_ERROR; nothing to do here.
    store.ready().catch(() => {});
    chatStore.ready().catch(() => {});
  };
  // Built from the parts they use, before the services that hand them to request handlers.
  const live = new LiveConnections({ options, log, presence, metrics, hub, warmWriters });
  const httpConns = new HttpConnections({ live, presence, options });
  return {
    options,
    log,
    users,
    auth: createAuthenticator({ users, allowBasic: options.basic }),
    allowlist: createAllowlist(allow),
    presence,
    controller,
    driver,
    store,
    chat,
    hub,
    metrics,
    live,
    httpConns,
    warnings: new WarnLimiter(),
    caps: new ConnectionCaps(options),
    configWarnings: [],
    warnBasicOnce(user) {
      if (basicWarned.has(user)) return;
      basicWarned.add(user);
      log.warn({ user }, 'Basic authentication used without TLS: the password crosses the network in clear');
    },
    warmWriters,
    async close() {
      await controller.close();
      // Both stores commit what is pending, then stop their writer threads.
      await Promise.all([chatStore.close(), store.close()]);
    },
  };
}
