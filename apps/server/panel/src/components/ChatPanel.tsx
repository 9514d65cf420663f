import { useState, type FormEvent } from 'react';
import type { ChatMessage } from '../data/types.js';
import { clock } from './time.js';

interface Props {
  messages: ChatMessage[];
  onSend: (text: string) => Promise<void>;
}

/** Messages are rendered as React text nodes: whatever someone types is never parsed as HTML. */
export function ChatPanel({ messages, onSend }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = text.trim();
    if (!value) return;
    onSend(value).then(
      () => {
        setText('');
        setError(null);
      },
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );
  };
  return (
    <section className="card" data-testid="chat" aria-label="Chat">
      <h2>Chat</h2>
      <ol className="chat">
        {messages.map((m) => (
          <li key={m.id} data-testid="chat-message">
            <time>{clock(m.at)}</time> <strong>{m.user}</strong> <span className="chat-text">{m.text}</span>
          </li>
        ))}
      </ol>
      <form onSubmit={submit} className="chat-form">
        <input
          aria-label="Chat message"
          data-testid="chat-input"
          value={text}
          maxLength={500}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" data-testid="chat-send">
          Send
        </button>
      </form>
      {error ? <p className="fault">{error}</p> : null}
    </section>
  );
}
