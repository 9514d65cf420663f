import type { AuditRecord, BoardState, ChatMessage, Presence } from './types.js';

// Same-origin fetches: the browser re-sends the HTTP credentials it used for the page.
// Paths are relative to the page, so the panel works at / on the board and under a prefix
// (the lab serves it at /panel/<user>/).
async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!res.ok) throw new Error(data.error?.message ?? `HTTP ${res.status}`);
  return data as T;
}

export const api = {
  state: () => request<BoardState>('GET', 'api/state'),
  presence: () => request<Presence>('GET', 'api/presence'),
  chat: () => request<{ messages: ChatMessage[] }>('GET', 'api/chat'),
  sendChat: (text: string) => request<ChatMessage>('POST', 'api/chat', { text }),
  audit: (query: URLSearchParams) =>
    request<{ records: AuditRecord[] }>('GET', `api/audit?${query.toString()}`),
  disconnect: (user: string) => request<unknown>('POST', 'api/admin/disconnect', { user }),
};

export function auditCsvUrl(query: URLSearchParams): string {
  const q = new URLSearchParams(query);
  q.set('format', 'csv');
  return `api/audit?${q.toString()}`;
}
