import { Lab } from '@pulseboard/netlab/lab';
import { getLineValue } from '@pulseboard/netlab/scenario/board-api';
import type { ClientKind, FaultKind, FaultParams, LabClient, LabEvent } from '@pulseboard/netlab/types';
import { openPanel, type Panel } from './panel.js';
import { worldOf } from './registry.js';

/**
 * What the lab runs for a worker: the board (`sim`, the default, a board file's path, or the
 * URL of an external board the lab reaches by routing).
 */
export interface LabWorldOptions {
  board?: string;
  /** Lab name prefix for its namespaces and tables (2-10 lowercase letters/digits). */
  prefix: string;
  /** An external board's accounts (user → password); `lab` is an admin the lab watches with. */
  accounts?: Record<string, string>;
  /** The lab's /16 is 10.<subnetOctet>.0.0 (an external board must route it back here). */
  subnetOctet?: number;
}

const isUrl = (board: string | undefined): board is string => !!board && /^https?:\/\//.test(board);

/** A non-browser client started by the lab (its own process in its own host). */
export interface Client {
  readonly user: string;
  readonly clientId: string;
  readonly kind: ClientKind;
  readonly address: string;
}

export type Target = Panel | Client;

/** A board line, read through the board's API (what the hardware holds, not what a page shows). */
export interface LineProbe {
  readonly name: string;
  value(): Promise<number | undefined>;
}

/**
 * One worker's lab: a virtual network, a board, panels and clients added by tests, faults
 * applied to them. `reset()` puts it back between tests; `stop()` removes everything.
 */
export class LabWorld {
  readonly lab: Lab;
  private readonly panels: Panel[] = [];
  private readonly clientIds: string[] = [];

  private constructor(lab: Lab) {
    this.lab = lab;
  }

  static async start(options: LabWorldOptions): Promise<LabWorld> {
    const external = isUrl(options.board);
    if (external && !options.accounts)
      throw new TypeError(
        `an external board (${options.board}) needs its accounts: test.use({ labAccounts: { lab: '<admin password>', alice: '...' } })`,
      );
    const lab = new Lab({
      prefix: options.prefix,
      subnetOctet: options.subnetOctet,
      ...(external
        ? { externalBoard: { url: options.board!.replace(/\/+$/, ''), accounts: options.accounts! } }
        : {}),
    });
    try {
      await lab.start();
      await lab.startBoard(options.board && !external ? { board: options.board } : {});
      return new LabWorld(lab);
    } catch (e) {
      await lab.stop().catch(() => undefined);
      throw e;
    }
  }

  get boardUrl(): string {
    return this.lab.boardUrl;
  }

  get events(): readonly LabEvent[] {
    return this.lab.events;
  }

  /** `user`'s real panel in Chromium inside its own lab host, once its live connection is up. */
  async panelAs(user: string): Promise<Panel> {
    const host = await this.lab.attachHost({ user, kind: 'browser' });
    this.clientIds.push(host.client.id);
    const panel = await openPanel(host, this.lab.boardUrl, () => this.lab.attachedConnected(host.client.id));
    this.panels.push(panel);
    worldOf.set(panel, this);
    await this.waitFor(host.client.id, 'connected', 30_000);
    return panel;
  }

  /** A scripted client of `kind` as `user` (ws, sse, http, tcp), connected. */
  async clientAs(user: string, options: { kind: Exclude<ClientKind, 'browser'> }): Promise<Client> {
    const [c] = await this.lab.addClients({ kind: options.kind, user });
    this.clientIds.push(c!.id);
    await this.waitFor(c!.id, 'connected', 20_000);
    return { user, clientId: c!.id, kind: c!.kind, address: c!.address };
  }

  /** Applies a fault to one or more panels/clients; resolves once it is in effect. */
  async fault(target: Target | Target[], kind: FaultKind, params: FaultParams = {}) {
    const targets = Array.isArray(target) ? target : [target];
    const f = await this.lab.fault(
      kind,
      targets.map((t) => t.clientId),
      params,
    );
    // The lab kills the processes it runs; a panel's browser is ours to kill.
    if (kind === 'power-off') for (const t of targets) if ('page' in t) await t.close();
    return f;
  }

  /** Heals every active fault (the links come back; a powered-off browser stays off). */
  heal(): Promise<void> {
    return this.lab.healAll();
  }

  line(name: string): LineProbe {
    const probe = { name, value: () => getLineValue(this.lab.boardUrl, this.lab.labAuth, name) };
    worldOf.set(probe, this);
    return probe;
  }

  /** The ids of the lab's current clients (panels included) of `user`. */
  clientsOf(user: string): string[] {
    return this.lab
      .listClients()
      .filter((c) => c.user === user)
      .map((c) => c.id);
  }

  /** When the latest fault on any of `clientIds` started (epoch ms), from the lab's fault book. */
  latestFaultStart(clientIds: readonly string[]): number | undefined {
    const starts = clientIds.flatMap((id) => this.lab.latestFault(id)?.startedAt ?? []);
    return starts.length > 0 ? Math.max(...starts) : undefined;
  }

  client(id: string): LabClient | undefined {
    return this.lab.client(id);
  }

  /** Between tests: faults healed, the test's panels closed and its clients removed. */
  async reset(): Promise<void> {
    await this.lab.healAll().catch(() => undefined);
    for (const p of this.panels.splice(0)) await p.close();
    for (const id of this.clientIds.splice(0)) await this.lab.removeClient(id).catch(() => undefined);
  }

  async stop(): Promise<void> {
    await this.reset().catch(() => undefined);
    await this.lab.stop();
  }

  private async waitFor(id: string, state: LabClient['state'], timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const c = this.lab.client(id);
      if (c?.state === state) return;
      if (c?.state === 'stopped') throw new Error(`${id} (${c.kind}, ${c.user}) stopped before it connected`);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${id} not ${state} within ${timeoutMs} ms (${this.lab.client(id)?.state ?? 'gone'})`);
  }
}
