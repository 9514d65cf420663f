import { useCallback, useState } from 'react';
import { api } from '../data/api.js';
import type { LiveConnection } from '../data/live-connection.js';
import type { ChatMessage } from '../data/types.js';
import { useServerEvents } from './useServerEvents.js';

const keep = 200;

export function useChat(conn: LiveConnection): {
  messages: ChatMessage[];
  send: (text: string) => Promise<void>;
} {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  useServerEvents(conn, (e) => {
    if (e.type === 'hello') setMessages(e.chat);
    else if (e.type === 'chat') {
      setMessages((m) => (m.some((x) => x.id === e.message.id) ? m : [...m, e.message].slice(-keep)));
    }
  });
  const send = useCallback(async (text: string) => {
    await api.sendChat(text);
  }, []);
  return { messages, send };
}
