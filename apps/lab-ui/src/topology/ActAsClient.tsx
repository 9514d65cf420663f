import { useState } from 'react';
import type { ClientAction, LabClient } from '../data/types.js';

/** What a client can do as its own user, over its own connection: operate, lock, chat. */
export function ActAsClient({
  client,
  outputs,
  busy,
  onAct,
}: {
  client: LabClient;
  outputs: readonly string[];
  busy: boolean;
  onAct: (action: ClientAction) => void;
}) {
  const [line, setLine] = useState(outputs[0] ?? '');
  const [text, setText] = useState('');
  const chosen = outputs.includes(line) ? line : (outputs[0] ?? '');
  return (
    <div className="act" role="group" aria-label={`Act as ${client.id}`}>
      <span className="muted small">as {client.user}:</span>
      <select
        aria-label="line"
        value={chosen}
        onChange={(e) => setLine(e.target.value)}
        disabled={!outputs.length}
      >
        {outputs.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
      <button
        type="button"
        disabled={busy || !chosen}
        onClick={() => onAct({ action: 'operate', line: chosen, value: 1 })}
      >
        On
      </button>
      <button
        type="button"
        disabled={busy || !chosen}
        onClick={() => onAct({ action: 'operate', line: chosen, value: 0 })}
      >
        Off
      </button>
      <button type="button" disabled={busy} onClick={() => onAct({ action: 'lock' })}>
        Take lock
      </button>
      <button type="button" disabled={busy} onClick={() => onAct({ action: 'unlock' })}>
        Release lock
      </button>
      <form
        className="act-chat"
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) return;
          onAct({ action: 'chat', text: text.trim() });
          setText('');
        }}
      >
        <input
          aria-label="chat message"
          placeholder="say something"
          value={text}
          onChange={(e) => setText(e.target.value)}
          size={12}
        />
        <button type="submit" disabled={busy || !text.trim()}>
          Send
        </button>
      </form>
    </div>
  );
}
