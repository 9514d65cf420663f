import type { ClientKind } from '../types.js';

// What a virtual client and the lab controller say to each other over the Unix socket:
// newline-delimited JSON, one object per line. Filesystem sockets cross network namespaces,
// so a client inside its host reaches the controller without touching the lab network.

export interface ClientConfig {
  id: string;
  kind: ClientKind;
  /** Board base URL as seen from inside the client's namespace, e.g. http://10.150.0.3:8080 */
  url: string;
  user: string;
  password: string;
  socket: string;
  ns: string;
  /** Browser clients: the executable wrapper that enters the namespace. */
  chromiumWrapper?: string;
}

export type ClientReport =
  | {
      t: 'hello';
      id: string;
      pid: number;
      kind?: ClientKind;
      user?: string;
      /**
       * The client's own address on its connections to the board (the source address its
       * kernel picks for the board), as the board's records show it: how the lab attributes
       * detections to clients it did not start (the Docker engine). Absent when unknown.
       */
      address?: string;
    }
  | { t: 'state'; id: string; state: 'connected' | 'disconnected'; at: number; detail?: string }
  | { t: 'rtt'; id: string; ms: number }
  | { t: 'presence'; id: string; user: string; state: string; at: number }
  | { t: 'log'; id: string; level: 'info' | 'warn' | 'error'; msg: string };

export type ControllerCommand =
  | { t: 'fin' } // close gracefully: the peer sees a FIN
  | { t: 'rst' } // abort: the peer sees a RST
  | { t: 'operate'; line: string; value: 0 | 1 } // operate a line as this client's user
  | { t: 'lock'; take: boolean } // take (or release) the control lock as this client's user
  | { t: 'chat'; text: string } // post to the chat as this client's user
  | { t: 'exit' };

export const configEnv = 'PBL_CLIENT';

export function parseLine<T>(line: string): T | undefined {
  try {
    return JSON.parse(line) as T;
  } catch {
    return undefined;
  }
}

export type HelloReport = Extract<ClientReport, { t: 'hello' }>;

/** The first report of a client process. */
export function helloReport(cfg: ClientConfig, pid: number, address?: string): HelloReport {
  return { t: 'hello', id: cfg.id, pid, kind: cfg.kind, user: cfg.user, ...(address ? { address } : {}) };
}
