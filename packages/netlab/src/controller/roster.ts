import type { ChildProcess } from 'node:child_process';
import type { ClientConfig, ClientReport } from '../clients/protocol.js';
import type { LabClient, LabEvent } from '../types.js';

// The lab's clients as it knows them: each one's state as its reports and the board's verdicts
// say, one `client` event per change. Started by the lab on its engine's hosts, or (Docker)
// adopted when a container says hello on the hub socket.

export interface ClientRecord {
  info: LabClient;
  proc?: ChildProcess;
  /** How its process was started, so a powered-off client can be powered on as the same user. */
  cfg?: ClientConfig;
}

export interface RosterDeps {
  emit(e: LabEvent): void;
  log(level: 'info' | 'warn' | 'error', msg: string): void;
  /** What a client reported seeing of another user's presence. */
  observed(observerId: string, user: string, state: string, at: number): void;
  /** Adopt clients that say hello (Docker compose starts them), rather than only the lab's own. */
  adopts: boolean;
}

export class Roster {
  private readonly records = new Map<string, ClientRecord>();

  constructor(private readonly deps: RosterDeps) {}

  add(rec: ClientRecord): void {
    this.records.set(rec.info.id, rec);
    this.deps.emit({ type: 'client', at: rec.info.since, client: { ...rec.info } });
  }

  record(id: string): ClientRecord | undefined {
    return this.records.get(id);
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  delete(id: string): ClientRecord | undefined {
    const rec = this.records.get(id);
    this.records.delete(id);
    return rec;
  }

  /** Forget every client, killing the processes the lab started. */
  clear(): void {
    for (const c of this.records.values()) c.proc?.kill('SIGKILL');
    this.records.clear();
  }

  client(id: string): LabClient | undefined {
    const rec = this.records.get(id);
    return rec ? { ...rec.info } : undefined;
  }

  list(): LabClient[] {
    return [...this.records.values()].map((c) => ({ ...c.info }));
  }

  /** Each client with the address it reaches the board from (attribution.ts). */
  known(): { info: LabClient; address: string }[] {
    return [...this.records.values()].map((c) => ({ info: c.info, address: c.info.address }));
  }

  /** Starts over (powered on): state `starting`. */
  restart(id: string): LabClient | undefined {
    const rec = this.records.get(id);
    if (!rec) return undefined;
    rec.info = { ...rec.info, state: 'starting', since: Date.now() };
    this.deps.emit({ type: 'client', at: rec.info.since, client: { ...rec.info } });
    return { ...rec.info };
  }

  setState(id: string, state: LabClient['state'], rttMs?: number): void {
    const rec = this.records.get(id);
    if (!rec) return;
    // A stopped process (power-off) cannot reconnect, but the server's verdict on it still counts.
    if (rec.info.state === 'stopped' && state !== 'suspect' && state !== 'offline') return;
    const changed = rec.info.state !== state;
    if (rttMs !== undefined) rec.info.rttMs = rttMs;
    if (!changed && rttMs === undefined) return;
    if (changed) {
      rec.info.state = state;
      rec.info.since = Date.now();
    }
    this.deps.emit({ type: 'client', at: Date.now(), client: { ...rec.info } });
  }

  onReport(r: ClientReport): void {
    switch (r.t) {
      case 'hello':
        if (this.deps.adopts) this.adopt(r);
        break;
      case 'state':
        if (r.state === 'connected') this.setState(r.id, 'connected');
        else this.deps.log('info', `${r.id}: ${r.detail ?? 'disconnected'}`);
        break;
      case 'rtt': {
        const rec = this.records.get(r.id);
        if (rec && rec.info.state === 'connected') this.setState(r.id, 'connected', r.ms);
        break;
      }
      case 'presence':
        this.deps.observed(r.id, r.user, r.state, r.at);
        break;
      case 'log':
        this.deps.log(r.level, `${r.id}: ${r.msg}`);
        break;
      default:
        break;
    }
  }

  /**
   * A client started outside the lab (docker compose) says hello: track it like our own, by the
   * address it reaches the board from (detections are attributed by address; by user name only
   * when the hello carried none). A restarted container says hello again, maybe from another
   * address: it starts over.
   */
  private adopt(r: Extract<ClientReport, { t: 'hello' }>): void {
    const address = r.address ?? '';
    const known = this.records.get(r.id);
    if (known) {
      known.info.address = address;
      known.info.state = 'starting';
      known.info.since = Date.now();
      this.deps.emit({ type: 'client', at: known.info.since, client: { ...known.info } });
      return;
    }
    this.add({
      info: {
        id: r.id,
        kind: r.kind ?? 'ws',
        user: r.user ?? r.id,
        address,
        ns: 'external',
        state: 'starting',
        since: Date.now(),
      },
    });
  }
}
