import { useState } from 'react';
import { ActivityFeed } from './components/ActivityFeed.js';
import { AuditView } from './components/AuditView.js';
import { BoardView } from './components/BoardView.js';
import { ChatPanel } from './components/ChatPanel.js';
import { ConnectionBanner } from './components/ConnectionBanner.js';
import { LockBar } from './components/LockBar.js';
import { PresenceList } from './components/PresenceList.js';
import { api } from './data/api.js';
import { useActivity } from './hooks/useActivity.js';
import { useBoard } from './hooks/useBoard.js';
import { useChat } from './hooks/useChat.js';
import { useLiveConnection } from './hooks/useLiveConnection.js';
import { useMe } from './hooks/useMe.js';
import { usePresence } from './hooks/usePresence.js';

export function App() {
  const { conn, status, rttMs, notice } = useLiveConnection();
  const board = useBoard(conn);
  const presence = usePresence(conn);
  const me = useMe(conn);
  const chat = useChat(conn);
  const activity = useActivity(conn);
  const [error, setError] = useState<string | null>(null);
  // Commands go over this tab's WebSocket, so they belong to its session: if the tab vanishes,
  // its locks are released and its failsafe lines go safe.
  const run = (p: Promise<unknown>) =>
    p.then(
      () => setError(null),
      (err: unknown) => setError(err instanceof Error ? err.message : String(err)),
    );

  return (
    <>
      <ConnectionBanner status={status} notice={notice} />
      <header className="top">
        <h1>Pulseboard</h1>
        <span className="muted" data-testid="me">
          {me ? `${me.user} (${me.role})` : ''}
          {rttMs !== null ? ` · ${rttMs} ms` : ''}
        </span>
      </header>
      {error ? (
        <p className="fault" role="alert" data-testid="error">
          {error}
        </p>
      ) : null}
      <main className="grid">
        <BoardView
          board={board}
          me={me}
          onSet={(line, value) => run(conn.request({ type: 'operate', line, value }))}
        />
        <LockBar
          locks={board?.locks ?? []}
          me={me}
          onTake={() => run(conn.request({ type: 'lock.take' }))}
          onRelease={(id) => run(conn.request({ type: 'lock.release', ...(id ? { lockId: id } : {}) }))}
        />
        <PresenceList presence={presence} me={me} onDisconnect={(u) => run(api.disconnect(u))} />
        <ChatPanel messages={chat.messages} onSend={chat.send} />
        <ActivityFeed items={activity} />
        <AuditView />
      </main>
    </>
  );
}
