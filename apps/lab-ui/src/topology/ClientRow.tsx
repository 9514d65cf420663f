import { useState } from 'react';
import type { ClientAction, LabClient } from '../data/types.js';
import { ActAsClient } from './ActAsClient.js';

/**
 * One virtual client: kind, user, live state and RTT; a checkbox to aim faults at it; "Act"
 * opens what the client can do as its own user; a powered-off client can be powered on.
 */
export function ClientRow({
  client,
  selected,
  outputs,
  busy,
  onToggle,
  onRemove,
  onAct,
  onPowerOn,
}: {
  client: LabClient;
  selected: boolean;
  /** The board's output lines, for "operate". */
  outputs: readonly string[];
  busy: boolean;
  onToggle: () => void;
  onRemove: () => void;
  onAct: (action: ClientAction) => void;
  onPowerOn: () => void;
}) {
  const [open, setOpen] = useState(false);
  const stopped = client.state === 'stopped';
  return (
    <>
      <tr className={`client-row state-${client.state}`} data-client={client.id} aria-selected={selected}>
        <td>
          <input type="checkbox" aria-label={`select ${client.id}`} checked={selected} onChange={onToggle} />
        </td>
        <th scope="row" title={`${client.address} · ${client.ns}`}>
          {client.id} <span className="muted small">{client.kind}</span>
        </th>
        <td className="user-cell" title={client.user}>
          {client.user}
        </td>
        <td>
          <span className="state-pill" data-testid="client-state">
            {stopped ? 'powered off' : client.state}
          </span>
          {client.rttMs !== undefined && !stopped && (
            <span className="rtt muted small" title="round-trip time to the board">
              {client.rttMs.toFixed(client.rttMs < 10 ? 1 : 0)} ms
            </span>
          )}
        </td>
        <td>
          <div className="row-actions">
            {stopped ? (
              <button type="button" disabled={busy} onClick={onPowerOn} aria-label={`power on ${client.id}`}>
                Power on
              </button>
            ) : (
              <button
                type="button"
                aria-expanded={open}
                aria-label={`act as ${client.id}`}
                title={`Act as ${client.user}: operate a line, take the lock, chat`}
                onClick={() => setOpen(!open)}
              >
                Act
              </button>
            )}
            <button
              type="button"
              className="icon"
              aria-label={`remove ${client.id}`}
              title="Remove client"
              onClick={onRemove}
            >
              ✕
            </button>
          </div>
        </td>
      </tr>
      {open && !stopped && (
        <tr className="act-row">
          <td colSpan={5}>
            <ActAsClient client={client} outputs={outputs} busy={busy} onAct={onAct} />
          </td>
        </tr>
      )}
    </>
  );
}
