import { useEffect, useState } from 'react';
import { LiveConnection } from '../data/live-connection.js';
import type { ConnectionStatus } from '../data/types.js';

/** The one WebSocket of this tab, with its own status (connecting / online / reconnecting) and RTT. */
export function useLiveConnection(): {
  conn: LiveConnection;
  status: ConnectionStatus;
  rttMs: number | null;
  notice: string | null;
} {
  const [conn] = useState(() => new LiveConnection());
  const [status, setStatus] = useState<ConnectionStatus>(conn.status);
  const [rttMs, setRtt] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  useEffect(() => {
    const off = conn.onStatus((s, rtt) => {
      setStatus(s);
      setRtt(rtt);
      setNotice(conn.notice);
    });
    conn.start();
    return () => {
      off();
      conn.stop();
    };
  }, [conn]);
  return { conn, status, rttMs, notice };
}
