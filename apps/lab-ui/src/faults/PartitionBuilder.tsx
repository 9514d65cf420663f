import { useState } from 'react';
import type { LabApi } from '../data/api.js';
import type { Fidelity, LabClient } from '../data/types.js';
import { FidelityTag } from './FidelityTag.js';
import { partitionMap, type Side } from './partitionMap.js';

/**
 * Draw a partition: put hosts on side A or B and cut between them. "board" is offered as a
 * host so a person can cut clients off from the server (the router-reboot case).
 */
export function PartitionBuilder({
  clients,
  reported,
  api,
  onError,
}: {
  clients: readonly LabClient[];
  /** The fidelity the lab reported for partitions, if it has applied one yet. */
  reported: Fidelity | undefined;
  api: Pick<LabApi, 'applyFault'>;
  onError: (err: unknown) => void;
}) {
  const [sides, setSides] = useState<ReadonlyMap<string, Side>>(new Map());
  const [oneWay, setOneWay] = useState(false);
  const [busy, setBusy] = useState(false);
  const hosts = ['board', ...clients.map((c) => c.id)];
  const set = (id: string, side: Side | undefined) =>
    setSides((prev) => {
      const next = new Map(prev);
      if (side) next.set(id, side);
      else next.delete(id);
      return next;
    });
  const count = (s: Side) => [...sides.values()].filter((v) => v === s).length;
  const ready = count('a') > 0 && count('b') > 0;
  const cut = async () => {
    setBusy(true);
    try {
      const map = partitionMap(sides, oneWay);
      await api.applyFault({
        kind: 'partition',
        targets: Object.keys(map).filter((id) => id !== 'board'),
        params: { map },
      });
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="partition">
      <summary>Draw a partition</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">host</th>
            <th scope="col">A</th>
            <th scope="col">B</th>
            <th scope="col">—</th>
          </tr>
        </thead>
        <tbody>
          {hosts.map((id) => (
            <tr key={id}>
              <th scope="row">{id}</th>
              {(['a', 'b', undefined] as const).map((s) => (
                <td key={s ?? 'none'}>
                  <input
                    type="radio"
                    name={`side-${id}`}
                    aria-label={`${id} side ${s ?? 'none'}`}
                    checked={sides.get(id) === s}
                    onChange={() => set(id, s)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <label>
        <input type="checkbox" checked={oneWay} onChange={(e) => setOneWay(e.target.checked)} /> one-way (A
        cannot reach B; B still reaches A)
      </label>{' '}
      <button type="button" disabled={!ready || busy} onClick={cut}>
        Cut A | B <FidelityTag fidelity={reported ?? 'kernel'} confirmed={reported !== undefined} />
      </button>
    </details>
  );
}
