import type { Socket } from 'node:net';
import { remoteAddress } from '../http/remote.js';

export interface ConnectionCapsOptions {
  /** Sockets open at once, all addresses together. */
  maxConnections: number;
  /** Sockets from one address that have not yet passed authentication. */
  maxPreAuthPerAddress: number;
}

/**
 * Caps on accepted sockets, checked before any byte is parsed: a flood of connections (from
 * one address, or many) must not starve the board of file descriptors and event-loop time.
 * A socket leaves the per-address "before authentication" count once a request on it passes
 * the gate, so a busy authenticated user is never refused by it.
 */
export class ConnectionCaps {
  readonly #open = new Set<Socket>();
  readonly #preAuth = new Map<string, number>();
  readonly #unauthenticated = new WeakMap<Socket, string>();
  readonly #o: ConnectionCapsOptions;
  refused = 0;

  constructor(options: ConnectionCapsOptions) {
    this.#o = options;
  }

  get open(): number {
    return this.#open.size;
  }

  /** Counts a new socket in; false (the caller destroys it) when a cap is reached. */
  admit(socket: Socket): 'ok' | 'global' | 'address' {
    const remote = remoteAddress(socket);
    if (this.#open.size >= this.#o.maxConnections) return this.#refuse('global');
    const preAuth = this.#preAuth.get(remote) ?? 0;
    if (preAuth >= this.#o.maxPreAuthPerAddress) return this.#refuse('address');
    this.#open.add(socket);
    this.#preAuth.set(remote, preAuth + 1);
    this.#unauthenticated.set(socket, remote);
    socket.once('close', () => {
      this.#open.delete(socket);
      this.authenticated(socket);
    });
    return 'ok';
  }

  /** A request on this socket passed the gate: it no longer counts as before authentication. */
  authenticated(socket: Socket): void {
    // Over TLS the request's socket wraps the accepted one.
    const accepted = this.#unauthenticated.has(socket)
      ? socket
      : ((socket as Socket & { _parent?: Socket })._parent ?? socket);
    const remote = this.#unauthenticated.get(accepted);
    socket = accepted;
    if (remote === undefined) return;
    this.#unauthenticated.delete(socket);
    const left = (this.#preAuth.get(remote) ?? 1) - 1;
    if (left > 0) this.#preAuth.set(remote, left);
    else this.#preAuth.delete(remote);
  }

  #refuse(why: 'global' | 'address'): 'global' | 'address' {
    this.refused += 1;
    return why;
  }
}
