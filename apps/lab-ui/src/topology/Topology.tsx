import { CLIENT_KINDS, type ClientAction, type LabClient } from '../data/types.js';
import { ClientRow } from './ClientRow.js';

/** Every virtual client, with quick selection of one, a kind, a user, or all. */
export function Topology({
  clients,
  selected,
  onToggle,
  onSelect,
  onRemove,
  outputs = [],
  busy = false,
  onAct = () => undefined,
  onPowerOn = () => undefined,
}: {
  clients: readonly LabClient[];
  selected: readonly string[];
  onToggle: (id: string) => void;
  onSelect: (ids: string[]) => void;
  onRemove: (id: string) => void;
  outputs?: readonly string[];
  busy?: boolean;
  onAct?: (id: string, action: ClientAction) => void;
  onPowerOn?: (id: string) => void;
}) {
  const kinds = CLIENT_KINDS.filter((k) => clients.some((c) => c.kind === k));
  const counts = clients.reduce<Record<string, number>>(
    (m, c) => ({ ...m, [c.state]: (m[c.state] ?? 0) + 1 }),
    {},
  );
  return (
    <section className="topology" aria-label="Clients">
      <header className="section-head">
        <h2>Clients</h2>
        <span className="muted small">
          {clients.length} ·{' '}
          {Object.entries(counts)
            .map(([s, n]) => `${n} ${s}`)
            .join(' · ') || 'none'}
        </span>
      </header>
      <div className="select-bar" role="group" aria-label="Select">
        <button type="button" onClick={() => onSelect(clients.map((c) => c.id))} disabled={!clients.length}>
          all
        </button>
        {kinds.map((k) => (
          <button
            key={k}
            type="button"
            onClick={() => onSelect(clients.filter((c) => c.kind === k).map((c) => c.id))}
          >
            {k}
          </button>
        ))}
        <button type="button" onClick={() => onSelect([])} disabled={!selected.length}>
          none
        </button>
      </div>
      <div className="table-scroll">
        <table className="clients">
          <thead>
            <tr>
              <th scope="col" aria-label="selected" />
              <th scope="col">client</th>
              <th scope="col">user</th>
              <th scope="col">state · RTT</th>
              <th scope="col" aria-label="actions" />
            </tr>
          </thead>
          <tbody>
            {clients.map((c) => (
              <ClientRow
                key={c.id}
                client={c}
                selected={selected.includes(c.id)}
                onToggle={() => onToggle(c.id)}
                onRemove={() => onRemove(c.id)}
                outputs={outputs}
                busy={busy}
                onAct={(a) => onAct(c.id, a)}
                onPowerOn={() => onPowerOn(c.id)}
              />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
