import { useState } from 'react';
import { CLIENT_KINDS, type ClientKind } from '../data/types.js';

/** Add N virtual clients of one kind, optionally as a given user. */
export function AddClients({
  disabled,
  onAdd,
}: {
  disabled: boolean;
  onAdd: (kind: ClientKind, count: number, user?: string) => void;
}) {
  const [kind, setKind] = useState<ClientKind>('ws');
  const [count, setCount] = useState('1');
  const [user, setUser] = useState('');
  const n = Number(count);
  const ok = Number.isInteger(n) && n >= 1 && n <= 200;
  return (
    <form
      className="add-clients"
      onSubmit={(e) => {
        e.preventDefault();
        if (ok) onAdd(kind, n, user.trim() || undefined);
      }}
    >
      <label>
        Add{' '}
        <input aria-label="Client count" value={count} onChange={(e) => setCount(e.target.value)} size={3} />
      </label>
      <select aria-label="Client kind" value={kind} onChange={(e) => setKind(e.target.value as ClientKind)}>
        {CLIENT_KINDS.map((k) => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </select>
      <input
        aria-label="User (optional)"
        placeholder="user (auto)"
        value={user}
        onChange={(e) => setUser(e.target.value)}
        size={8}
      />
      <button type="submit" disabled={disabled || !ok}>
        Add
      </button>
    </form>
  );
}
