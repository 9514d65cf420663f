import type { LabClient } from '../data/types.js';

/** One virtual client: kind, user, live state and RTT; a checkbox to aim faults at it. */
export function ClientRow({
  client,
  selected,
  onToggle,
  onRemove,
}: {
  client: LabClient;
  selected: boolean;
  onToggle: () => void;
  onRemove: () => void;
}) {
  return (
    <tr className={`client-row state-${client.state}`} data-client={client.id} aria-selected={selected}>
      <td>
        <input type="checkbox" aria-label={`select ${client.id}`} checked={selected} onChange={onToggle} />
      </td>
      <th scope="row" title={`${client.address} · ${client.ns}`}>
        {client.id}
      </th>
      <td>{client.kind}</td>
      <td>{client.user}</td>
      <td>
        <span className="state-pill" data-testid="client-state">
          {client.state}
        </span>
      </td>
      <td className="num">
        {client.rttMs === undefined ? '—' : `${client.rttMs.toFixed(client.rttMs < 10 ? 1 : 0)} ms`}
      </td>
      <td>
        <button
          type="button"
          className="icon"
          aria-label={`remove ${client.id}`}
          title="Remove client"
          onClick={onRemove}
        >
          ✕
        </button>
      </td>
    </tr>
  );
}
