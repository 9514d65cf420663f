import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ChatMessage } from '../data/types.js';
import { clock, fullTime } from './time.js';

interface Props {
  messages: ChatMessage[];
  onSend: (text: string) => Promise<void>;
  /** Text put into the box from elsewhere (e.g. "Ask in chat"), with a counter so it can repeat. */
  draft?: { text: string; n: number } | null;
  /** False while the link is down. */
  live?: boolean;
}

/** Messages are rendered as React text nodes: whatever someone types is never parsed as HTML. */
export function ChatPanel({ messages, onSend, draft = null, live = true }: Props) {
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const list = useRef<HTMLOListElement>(null);
  // A new draft replaces the text once (state from props, set during render as React advises).
  const [draftSeen, setDraftSeen] = useState(0);
  if (draft && draft.n !== draftSeen) {
    setDraftSeen(draft.n);
    setText(draft.text);
  }
  useEffect(() => {
    if (draft) input.current?.focus();
  }, [draft]);
  useEffect(() => {
    const el = list.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [messages.length]);
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
    <section className="card" data-testid="chat" aria-labelledby="chat-title">
      <div className="card-head">
        <h2 id="chat-title">Chat</h2>
        <span className="muted">Everyone on this board</span>
      </div>
      {messages.length === 0 ? (
        <p className="empty" data-testid="chat-empty">
          <strong>No messages yet.</strong>
          Messages reach everyone on this board at once — ask for control, or say what you are about to
          switch.
        </p>
      ) : (
        <ol className="chat-list" ref={list} tabIndex={0} aria-label="Messages">
          {[...messages]
            .sort((a, b) => a.at - b.at)
            .map((m) => (
              <li key={m.id} className="chat-msg" data-testid="chat-message">
                <span className="avatar avatar-small" aria-hidden="true">
                  {m.user.slice(0, 1)}
                </span>
                <div>
                  <div className="chat-msg-head">
                    <strong>{m.user}</strong>
                    <time title={fullTime(m.at)}>{clock(m.at)}</time>
                  </div>
                  <span className="chat-text">{m.text}</span>
                </div>
              </li>
            ))}
        </ol>
      )}
      <form onSubmit={submit} className="chat-form">
        <input
          ref={input}
          className="input"
          aria-label="Chat message"
          placeholder="Message everyone…"
          data-testid="chat-input"
          value={text}
          maxLength={500}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" data-testid="chat-send" disabled={!live}>
          Send
        </button>
      </form>
      {error ? (
        <p className="fault" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
